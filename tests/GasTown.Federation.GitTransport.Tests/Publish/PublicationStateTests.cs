using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>What stays public across renames, deletions and withdrawals.</summary>
public sealed class PublicationStateTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private TestTown Town() => _world.AddTown("alice", b => b
        .Named("main-town").OwnedBy("alice@example.com")
        .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-abc", "Public gastown work"))
        .WithRig("pub", "pb-", rig => rig.WithIssue("pb-1", "Public pub work")));

    private static void WriteRoutes(TestTown town, params string[] lines)
        => File.WriteAllText(town.Built.PathOf(".beads/routes.jsonl"), string.Concat(lines.Select(l => l + "\n")));

    [Fact]
    public async Task A_deleted_public_rig_recreated_under_the_same_name_is_private()
    {
        var town = Town();
        await town.PublishAsync("pub");
        Directory.Delete(town.Built.PathOf("pub"), recursive: true);
        var issues = town.Built.PathOf("pub/mayor/rig/.beads/issues.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(issues)!);
        File.WriteAllText(issues, "{\"id\":\"pb-7\",\"title\":\"New private pub plans\"}\n");

        var result = await town.PublishAsync();

        result.PublicRigs.ShouldBeEmpty();
        result.MissingRigs.ShouldBe(["pub"]);
        result.Paths.ShouldNotContain("pub/mayor/rig/.beads/issues.jsonl");
        PublishLeakTests.EveryObject(town).ShouldNotContain("New private pub plans");
    }

    [Fact]
    public async Task A_renamed_public_rig_stays_public_under_its_new_name()
    {
        var town = Town();
        await town.PublishAsync("pub");
        Directory.Move(town.Built.PathOf("pub"), town.Built.PathOf("tavern"));
        WriteRoutes(town, "{\"prefix\":\"gt-\",\"path\":\"gastown/mayor/rig\"}", "{\"prefix\":\"pb-\",\"path\":\"tavern/mayor/rig\"}");

        var result = await town.PublishAsync();

        result.PublicRigs.ShouldBe(["tavern"]);
        result.MissingRigs.ShouldBeEmpty();
        town.Git("show", $"{FederationRepository.PublishedBranch}:tavern/mayor/rig/.beads/issues.jsonl").ShouldContain("Public pub work");
        town.Publisher.GetPublicRigs().ShouldBe(["tavern"]);
    }

    [Fact]
    public async Task A_copy_of_a_public_rig_under_another_prefix_stays_private()
    {
        var town = Town();
        await town.PublishAsync("pub");
        var copy = town.Built.PathOf("copy/mayor/rig/.beads");
        Directory.CreateDirectory(copy);
        File.Copy(town.Built.PathOf("pub/.gtfed-publish"), town.Built.PathOf("copy/.gtfed-publish"));
        File.WriteAllText(Path.Combine(copy, "issues.jsonl"), "{\"id\":\"cp-1\",\"title\":\"Copied private work\"}\n");
        WriteRoutes(town, "{\"prefix\":\"gt-\",\"path\":\"gastown/mayor/rig\"}", "{\"prefix\":\"pb-\",\"path\":\"pub/mayor/rig\"}", "{\"prefix\":\"cp-\",\"path\":\"copy/mayor/rig\"}");

        var error = await Should.ThrowAsync<PublishException>(() => town.PublishAsync());

        error.Message.ShouldContain("same publication marker");
        PublishLeakTests.EveryObject(town).ShouldNotContain("Copied private work");
    }

    [Fact]
    public async Task Withdrawing_a_rig_commits_a_tree_without_it_and_says_so()
    {
        var town = Town();
        await town.PublishAsync("gastown", "pub");

        var result = await town.Publisher.WithdrawAsync("pub", new PublishOptions { Actor = "mayor", Owner = "alice@example.com" }, TestContext.Current.CancellationToken);
        var later = await town.PublishAsync();

        result.Created.ShouldBeTrue();
        result.WithdrawnRigs.ShouldBe(["pub"]);
        result.PublicRigs.ShouldBe(["gastown"]);
        result.Paths.ShouldNotContain("pub/mayor/rig/.beads/issues.jsonl");
        var message = town.Git("log", "-1", "--format=%B", FederationRepository.PublishedBranch);
        message.ShouldContain("Withdraw rig pub");
        message.ShouldContain("git cannot take back");
        later.PublicRigs.ShouldBe(["gastown"]);
        later.Created.ShouldBeFalse();
        town.Publisher.GetPublicRigs().ShouldBe(["gastown"]);
        await Should.ThrowAsync<PublishException>(() => town.Publisher.WithdrawAsync("pub", new PublishOptions { Actor = "mayor", Owner = "alice@example.com" }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_rig_named_public_by_an_older_version_is_kept_by_identity_from_then_on()
    {
        var town = Town();
        town.Repository.EnsureCreated();
        town.Git("config", "--add", "gt.publish.rig", "pub");

        var first = await town.PublishAsync();
        Directory.Delete(town.Built.PathOf("pub"), recursive: true);
        var issues = town.Built.PathOf("pub/mayor/rig/.beads/issues.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(issues)!);
        File.WriteAllText(issues, "{\"id\":\"pb-7\",\"title\":\"New private pub plans\"}\n");
        var second = await town.PublishAsync();

        first.PublicRigs.ShouldBe(["pub"]);
        GitCli.TryRun(town.Repository.Path, "config", "--get-all", "gt.publish.rig").ExitCode.ShouldNotBe(0);
        second.PublicRigs.ShouldBeEmpty();
        PublishLeakTests.EveryObject(town).ShouldNotContain("New private pub plans");
    }
}
