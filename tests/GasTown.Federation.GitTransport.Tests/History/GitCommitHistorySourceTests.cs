using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

public sealed class GitCommitHistorySourceTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<CommitRecord>> ToListAsync(IAsyncEnumerable<CommitRecord> commits)
    {
        var list = new List<CommitRecord>();
        await foreach (var commit in commits)
        {
            list.Add(commit);
        }

        return list;
    }

    [Fact]
    public async Task Local_history_has_the_town_repository_and_the_published_branch_newest_first_with_trailers()
    {
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Work")));
        alice.Built.InitGitAndCommit("town snapshot");
        File.WriteAllText(alice.Built.PathOf("notes.txt"), "agent change");
        GitCli.Run(alice.Root, "add", "-A");
        GitCli.Run(alice.Root, "-c", "user.name=x", "commit", "--quiet", "-m", "Agent change\n\nExecuted-By: gastown/polecats/nux");
        await Task.Delay(1100, Ct); // git times have whole seconds: keep the publication strictly newer
        await alice.PublishAsync("gastown");
        var source = new GitCommitHistorySource(alice.Registry, alice.Root);

        var commits = await ToListAsync(source.GetCommitsAsync(alice.ChainUri, null, Ct));

        commits.Count.ShouldBe(3);
        commits[0].Actor.ShouldBe("gastown/crew/max");
        commits[0].AuthorEmail.ShouldBe("alice@example.com");
        commits[0].CommitterName.ShouldBe("gastown/crew/max");
        commits.ShouldContain(c => c.ExecutedBy == "gastown/polecats/nux" && c.AuthorName == "test");
        commits.Select(c => c.When).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task A_fetched_chain_has_the_history_of_its_published_branch()
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-1", "One")));
        await acme.PublishAsync("backend");
        File.AppendAllText(acme.Built.IssuesPathOf("backend"), "{\"id\":\"ac-2\",\"title\":\"Two\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        await acme.Publisher.PublishAsync(new PublishOptions { Actor = "backend/refinery", Owner = "ops@acme.com" }, Ct);
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        alice.Registry.Add("acme", acme.Repository.Path, acme.ChainUri);
        var source = new GitCommitHistorySource(alice.Registry, alice.Root);

        (await ToListAsync(source.GetCommitsAsync(acme.ChainUri, null, Ct))).ShouldBeEmpty("nothing was fetched yet");
        await alice.Fetcher.FetchAsync("acme", cancellationToken: Ct);
        var commits = await ToListAsync(source.GetCommitsAsync(acme.ChainUri, null, Ct));

        commits.Select(c => c.Actor).ShouldBe(["backend/refinery", "gastown/crew/max"], ignoreOrder: true);
        commits.Single(c => c.Actor == "backend/refinery").AuthorEmail.ShouldBe("ops@acme.com");
        commits.ShouldAllBe(c => c.Trailers.Any(t => t.Key == "Executed-By"));
    }

    [Fact]
    public async Task Since_filters_out_older_commits_and_unknown_chains_yield_nothing()
    {
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com").WithRig("gastown", "gt-"));
        await alice.PublishAsync("gastown");
        var source = new GitCommitHistorySource(alice.Registry, alice.Root);

        (await ToListAsync(source.GetCommitsAsync(alice.ChainUri, DateTimeOffset.UtcNow.AddDays(1), Ct))).ShouldBeEmpty();
        (await ToListAsync(source.GetCommitsAsync(alice.ChainUri, DateTimeOffset.UtcNow.AddDays(-1), Ct))).Count.ShouldBe(1);
        (await ToListAsync(source.GetCommitsAsync(GtUri.Parse("gt://nobody.org/town"), null, Ct))).ShouldBeEmpty();
    }
}
