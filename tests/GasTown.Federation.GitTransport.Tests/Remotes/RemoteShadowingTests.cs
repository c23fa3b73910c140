using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>No remote may answer for the town's own chain; pushing the town's branch elsewhere is a push target.</summary>
public sealed class RemoteShadowingTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private TestTown Town() => _world.AddTown("alice", b => b
        .Named("main-town").OwnedBy("alice@example.com")
        .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-abc", "Public gastown work")));

    [Theory]
    [InlineData("gt://alice@example.com/main-town")]
    [InlineData("gt://ALICE@example.com/main-town")]
    [InlineData("hop://alice@example.com/Main-Town")]
    public void A_remote_for_the_towns_own_chain_is_refused(string chain)
    {
        var town = Town();

        var error = Should.Throw<RemoteShadowsTownException>(() => town.Registry.Add("backup", _world.Temp.Combine("backup.git"), GtUri.Parse(chain)));

        error.RemoteName.ShouldBe("backup");
        error.Message.ShouldContain("own chain");
        error.Message.ShouldContain("push target");
        town.Registry.List().ShouldBeEmpty();
        GitCli.TryRun(town.Repository.Path, "config", "--get", "remote.backup.url").ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public void A_remote_for_the_towns_own_chain_already_in_git_config_is_not_listed_so_queries_never_read_it()
    {
        var town = Town();
        town.Registry.Add("acme", _world.Temp.Combine("acme.git"), GtUri.Parse("gt://acme.com/projects"));
        town.Git("remote", "add", "backup", _world.Temp.Combine("backup.git"));
        town.Git("config", "remote.backup.gtUri", "gt://alice@example.com/main-town");

        var listed = town.Registry.List();

        listed.Select(r => r.Name).ShouldBe(["acme"]);
        town.Registry.TryFindByChain(GtUri.Parse("gt://alice@example.com/main-town"), out _).ShouldBeFalse();
    }

    [Fact]
    public void A_town_json_kept_behind_a_link_is_read_again_when_the_file_it_leads_to_changes()
    {
        // Kept in a dotfiles folder and linked into the town: the link's own size and time never move when the file is
        // written, so the registry must stamp what a read of it gets. Every file is dated well back, so none is racily
        // clean (a file written in the last two seconds is read again whatever its stamp says).
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a file link needs privileges there");
        var town = Town();
        town.Registry.Add("backup", _world.Temp.Combine("backup.git"), GtUri.Parse("gt://bob@example.com/bobtown"));
        var linked = Path.Combine(town.Root, TownMetadata.RelativePath);
        var kept = _world.Temp.Combine("dotfiles-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.Move(linked, kept);
        File.CreateSymbolicLink(linked, kept);
        var longAgo = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(Path.Combine(town.Repository.Path, "config"), longAgo);
        File.SetLastWriteTimeUtc(kept, longAgo);
        using (var touch = System.Diagnostics.Process.Start("touch", ["-h", "-d", "@" + new DateTimeOffset(longAgo).ToUnixTimeSeconds(), linked]))
        {
            touch.WaitForExit();
        }

        town.Registry.List().Select(r => r.Name).ShouldBe(["backup"]);

        // The town becomes bob's bobtown: the remote of that chain is now the town's own, and is not listed.
        var text = File.ReadAllText(kept).Replace("alice@example.com", "bob@example.com", StringComparison.Ordinal).Replace("main-town", "bobtown", StringComparison.Ordinal);
        File.WriteAllText(kept, text);
        File.SetLastWriteTimeUtc(kept, longAgo.AddMinutes(1));

        town.Registry.List().ShouldBeEmpty();
    }

    [Fact]
    public async Task Work_of_the_towns_own_chain_is_answered_from_the_town_even_with_a_shadowing_remote_in_git_config()
    {
        var town = Town();
        // Someone else's repository claiming to be this town, with a forged title.
        var forger = _world.AddTown("forger", b => b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-abc", "Forged by the remote")));
        await forger.PublishAsync("gastown");
        town.Repository.EnsureCreated();
        town.Git("remote", "add", "backup", forger.Repository.Path);
        town.Git("config", "remote.backup.gtUri", "gt://alice@example.com/main-town");
        town.Git("fetch", "backup");
        var options = new GitTransportOptions { TownRoot = town.Root, FetchPolicy = FetchPolicy.Never };
        var provider = new GitChainProvider(town.Registry, new ChainFetcher(town.Registry, options), new GasTown.Federation.Model.ChainLoader(new GasTown.Federation.Model.ParsedBlobCache()), options);

        var found = await new GitWorkUnitResolver(provider).ResolveAsync(GtUri.Parse("gt://alice@example.com/main-town/gt-abc"), TestContext.Current.CancellationToken);

        found.Found.ShouldBeTrue(found.Message);
        found.WorkUnit!.Unit.Title.ShouldBe("Public gastown work");
    }

    [Fact]
    public async Task A_push_target_receives_the_published_branch_and_is_not_a_chain_remote()
    {
        var town = Town();
        var target = _world.Temp.Combine("backup.git");
        GitCli.Run(_world.Temp.Path, "init", "--bare", target);

        town.Registry.AddPushTarget("backup", target);
        var result = await town.Publisher.PublishAsync(new PublishOptions { Rigs = ["gastown"], Actor = "mayor", Owner = "alice@example.com", PushRemote = "backup" }, TestContext.Current.CancellationToken);

        result.PushedTo.ShouldBe("backup");
        GitCli.Run(target, "rev-parse", FederationRepository.PublishedBranch).Trim().ShouldBe(result.Commit);
        town.Registry.List().ShouldBeEmpty();
        town.Registry.TryGet("backup", out _).ShouldBeFalse();
    }
}
