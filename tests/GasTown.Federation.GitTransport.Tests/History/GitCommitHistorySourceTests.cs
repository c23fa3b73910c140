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
    public async Task A_history_longer_than_the_bound_yields_its_newest_commits_then_says_the_rest_were_not_read()
    {
        // The walk stopped at the bound without a word: an audit of a history padded past it began where the walk stopped.
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com").WithRig("backend", "ac-", r => r.WithIssue("ac-1", "One")));
        await acme.PublishAsync("backend");
        for (var i = 2; i <= 3; i++)
        {
            File.AppendAllText(acme.Built.IssuesPathOf("backend"), $"{{\"id\":\"ac-{i}\",\"title\":\"N\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}}\n");
            await acme.Publisher.PublishAsync(new PublishOptions { Actor = "backend/refinery", Owner = "ops@acme.com" }, Ct);
        }

        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        alice.Registry.Add("acme", acme.Repository.Path, acme.ChainUri);
        await alice.Fetcher.FetchAsync("acme", cancellationToken: Ct);
        (await ToListAsync(new GitCommitHistorySource(alice.Registry, alice.Root, maxCommitsPerRepository: 3).GetCommitsAsync(acme.ChainUri, null, Ct))).Count.ShouldBe(3);

        var yielded = new List<CommitRecord>();
        var error = await Should.ThrowAsync<GitTransportException>(async () =>
        {
            await foreach (var commit in new GitCommitHistorySource(alice.Registry, alice.Root, maxCommitsPerRepository: 2).GetCommitsAsync(acme.ChainUri, null, Ct))
            {
                yielded.Add(commit);
            }
        });

        yielded.Count.ShouldBe(2);
        error.Message.ShouldBe("the walk stopped at its 2 newest commits, the most one walk reads; older commits were not read");
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

    [Fact]
    public async Task A_commit_dated_where_no_DateTimeOffset_reaches_comes_at_the_nearest_instant_saying_so_and_the_walk_goes_on()
    {
        // Written by hand (git writes any date it is told to). LibGit2Sharp threw reading each of these dates, and the
        // walk of the whole history with it.
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com").WithRig("gastown", "gt-"));
        alice.Built.InitGitAndCommit("town snapshot");
        var tip = GitCli.Run(alice.Root, "rev-parse", "HEAD").Trim();
        var tree = GitCli.Run(alice.Root, "rev-parse", "HEAD^{tree}").Trim();
        var n = 0;
        void Commit(string subject, string authorDate, string? committerDate = null)
        {
            var file = _world.Temp.Combine($"commit-{n++}");
            File.WriteAllText(file, $"tree {tree}\nparent {tip}\nauthor joe <joe@example.com> {authorDate}\ncommitter the committer <c@example.com> {committerDate ?? authorDate}\n\n{subject}\n");
            tip = GitCli.Run(alice.Root, "hash-object", "-t", "commit", "--literally", "-w", file).Trim();
        }

        Commit("far future", "999999999999999 +0000");
        Commit("far past", "-999999999999 -0130");
        Commit("a second past 9999", "253402300800 +0000");
        Commit("the last second of 9999, an hour later there", "253402300799 +0100");
        Commit("an offset past 14 hours", "1767258000 +1430");
        Commit("committed in the year 31 million", "1767261600 -0500", "999999999999999 +0000");
        GitCli.Run(alice.Root, "update-ref", "HEAD", tip);
        var source = new GitCommitHistorySource(alice.Registry, alice.Root);

        var commits = (await ToListAsync(source.GetCommitsAsync(alice.ChainUri, null, Ct))).ToDictionary(c => c.Subject);

        commits.Keys.Order(StringComparer.Ordinal).ShouldBe(["a second past 9999", "an offset past 14 hours", "committed in the year 31 million", "far future", "far past", "the last second of 9999, an hour later there", "town snapshot"]);
        (commits["far future"].When, commits["far future"].OutOfRangeDate, commits["far future"].Actor).ShouldBe((DateTimeOffset.MaxValue, "999999999999999 +0000", "joe"));
        (commits["far past"].When, commits["far past"].OutOfRangeDate).ShouldBe((DateTimeOffset.MinValue, "-999999999999 -0130"));
        commits["a second past 9999"].OutOfRangeDate.ShouldBe("253402300800 +0000");
        // An instant there is, whose offset or local time is not: at that instant in UTC.
        (commits["the last second of 9999, an hour later there"].When, commits["the last second of 9999, an hour later there"].OutOfRangeDate).ShouldBe((new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), null));
        commits["an offset past 14 hours"].When.ShouldBe(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        commits["an offset past 14 hours"].When.Offset.ShouldBe(TimeSpan.Zero);
        // Only the committer's date out of range: the author's date, with its offset, and the committer's name.
        var committed = commits["committed in the year 31 million"];
        (committed.When, committed.When.Offset, committed.OutOfRangeDate, committed.AuthorName, committed.CommitterName, committed.CommitterEmail)
            .ShouldBe((new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(-5), null, "joe", "the committer", "c@example.com"));
        commits["town snapshot"].OutOfRangeDate.ShouldBeNull();

        // Since 2026: what lies after 9999 is after it, what lies before the year 1 is not.
        var since = await ToListAsync(source.GetCommitsAsync(alice.ChainUri, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), Ct));
        since.Select(c => c.Subject).ShouldNotContain("far past");
        since.Select(c => c.Subject).ShouldContain("far future");
    }
}
