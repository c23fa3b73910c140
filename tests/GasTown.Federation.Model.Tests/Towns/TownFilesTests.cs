using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Towns;

public sealed class TownFilesTests
{
    [Fact]
    public async Task Reads_rigs_json_and_each_rig_config_written_in_gts_format()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path)
            .WithRig("gastown", "gt-", r => r.WithGitUrl("https://github.com/steveyegge/gastown.git"))
            .WithRig("beads", "bd-")
            .Build();

        var rigs = (await TownRigs.LoadAsync(town.Root, ct)).ShouldNotBeNull();
        rigs.Version.ShouldBe(1);
        rigs.Rigs.Select(r => r.Name).ShouldBe(["gastown", "beads"]);
        rigs.Rigs[0].GitUrl.ShouldBe("https://github.com/steveyegge/gastown.git");
        rigs.Rigs[0].Beads.ShouldBe(new RigBeadsSettings("", "gt"));

        var config = (await RigConfig.LoadAsync(town.Root, "gastown", ct)).ShouldNotBeNull();
        config.Name.ShouldBe("gastown");
        config.Version.ShouldBe(1);
        config.Beads!.Prefix.ShouldBe("gt");
        (await RigConfig.LoadAsync(town.Root, "missing", ct)).ShouldBeNull();
        (await TownRigs.LoadAsync(temp.Combine("empty"), ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("{\"type\":\"town\",\"name\":\"x\"}", "expected type 'rig'")]
    [InlineData("{\"type\":\"rig\"}", "missing required field: name")]
    [InlineData("nope", "invalid JSON")]
    public void Refuses_an_invalid_rig_config(string json, string expected)
        => Should.Throw<TownMetadataException>(() => RigConfig.Parse(System.Text.Encoding.UTF8.GetBytes(json))).Problem.ShouldContain(expected);

    [Fact]
    public Task A_rig_name_that_leaves_the_town_is_refused()
        => Should.ThrowAsync<ChainPathException>(async () => await RigConfig.LoadAsync("/town", "../etc", TestContext.Current.CancellationToken));

    [Fact]
    public void Finds_the_town_root_from_deep_inside_a_rig_as_upstream_does()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Combine("gt")).WithRig("gastown", "gt-").Build();
        var deep = Directory.CreateDirectory(Path.Combine(town.Root, "gastown", "crew", "joe", "src")).FullName;

        // gastown/mayor/ exists too (the rig's canonical clone), but only mayor/town.json marks a town.
        Directory.Exists(Path.Combine(town.Root, "gastown", "mayor")).ShouldBeTrue();
        TownLocator.FindTownRoot(deep).ShouldBe(Path.GetFullPath(town.Root));
        TownLocator.FindTownRoot(town.Root).ShouldBe(Path.GetFullPath(town.Root));
    }

    [Fact]
    public void Finds_a_seed_town_and_nothing_outside_a_town()
    {
        using var temp = new TempDirectory();
        var seed = TownBuilder.At(temp.Combine("seed")).WithSeedTownJson().Build();
        TownLocator.FindTownRoot(Directory.CreateDirectory(Path.Combine(seed.Root, "x")).FullName).ShouldBe(Path.GetFullPath(seed.Root));
        TownLocator.FindTownRoot(Directory.CreateDirectory(temp.Combine("plain", "folder")).FullName).ShouldBeNull();
    }
}
