using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Remotes written by an attacker, built with plain git: each test asserts the hostile chain is reported with its
/// reason (typed) and that the other chains still answer.
/// </summary>
public sealed class HostileRemoteTests : IDisposable
{
    private const string IssuesPath = "backend/mayor/rig/.beads/issues.jsonl";
    private const string GoodLine = "{\"id\":\"ac-1\",\"title\":\"Good work\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}";
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_line_over_the_length_limit_is_dropped_and_counted_and_the_rest_of_the_chain_answers()
    {
        // One 3 MB line: over the default 1 MiB line limit.
        var bomb = "{\"id\":\"ac-2\",\"title\":\"" + new string('A', 3 * 1024 * 1024) + "\"}";
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, GoodLine + "\n" + bomb + "\n"));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path);
        (await federation.FetchAllAsync()).Succeeded.ShouldBeTrue();

        var result = await federation.AcmeAsync();

        result.Chain.ShouldNotBeNull(result.Message);
        result.Chain.WorkUnits.Select(u => u.Unit.Id).ShouldBe(["ac-1"]);
        result.Chain.DroppedLineCount.ShouldBe(1);
        var dropped = result.Chain.DroppedLines.ShouldHaveSingleItem();
        dropped.Reason.ShouldBe(DroppedLineReason.LineTooLong);
        dropped.LineNumber.ShouldBe(2);
        dropped.Path.ShouldBe(IssuesPath);
        result.Notices.ShouldContain(n => n.Kind == ChainNoticeKind.LinesDropped && n.Message.Contains("over the line-length limit"));
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task Every_line_that_holds_no_visible_work_unit_is_counted_with_its_reason()
    {
        // The issue's "1 work units for a 7-line file": six of these lines used to vanish without a word.
        var lines = new[]
        {
            GoodLine,
            "{\"id\":\"ac-long\",\"title\":\"" + new string('x', 400) + "\"}",                    // over MaxLineBytes = 256
            "{\"id\":\"ac-deep\",\"metadata\":" + new string('[', 100) + new string(']', 100) + "}", // 100 deep
            "{\"id\":\"ac-utf\",\"title\":\"\u00ff\"}",                                              // patched to a lone 0xFF below
            "{\"title\":\"no id\",\"status\":\"open\"}",
            "{\"id\":\"noprefix\",\"title\":\"an id no gt:// URI can name\"}",
            "{\"id\":\"ac-broken\",\"title\": broken",
        };
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var utf = Encoding.UTF8.GetBytes("\u00ff");
        var at = bytes.AsSpan().IndexOf(utf);
        var patched = bytes[..at].Concat(new byte[] { 0xFF }).Concat(bytes[(at + utf.Length)..]).ToArray();
        var acme = HostileFederation.HandMadeAcme(_world, r => r.WriteBytes(IssuesPath, patched));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path, new ChainLimits { MaxLineBytes = 256 });
        await federation.FetchAllAsync();

        var result = await federation.AcmeAsync();

        result.Chain.ShouldNotBeNull(result.Message);
        result.Chain.WorkUnits.Select(u => u.Unit.Id).ShouldBe(["ac-1"]);
        result.Chain.DroppedLineCount.ShouldBe(6);
        result.Chain.DroppedLines.Select(d => d.Reason).Order().ShouldBe([
            DroppedLineReason.InvalidJson, DroppedLineReason.MissingId, DroppedLineReason.InvalidUtf8,
            DroppedLineReason.LineTooLong, DroppedLineReason.NestedTooDeep, DroppedLineReason.UnaddressableId]);
        result.Chain.DroppedLines.Single(d => d.Reason == DroppedLineReason.NestedTooDeep).LineNumber.ShouldBe(3);
        result.Chain.DroppedLines.Single(d => d.Reason == DroppedLineReason.InvalidUtf8).LineNumber.ShouldBe(4);
        result.Notices.Single(n => n.Kind == ChainNoticeKind.LinesDropped).Message.ShouldContain("6 line(s)");
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task Past_the_diagnostics_limit_problems_are_counted_not_kept()
    {
        var bad = string.Join("\n", Enumerable.Range(0, 20).Select(i => $"{{\"id\":\"ac-{i}\",\"title\": broken"));
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, GoodLine + "\n" + bad + "\n"));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path, new ChainLimits { MaxDiagnostics = 5 });
        await federation.FetchAllAsync();

        var result = await federation.AcmeAsync();

        result.Chain.ShouldNotBeNull(result.Message);
        result.Chain.Diagnostics.Count.ShouldBe(5);
        result.Chain.OmittedDiagnosticCount.ShouldBe(15);
        result.Chain.DroppedLineCount.ShouldBe(20);
        result.Chain.DroppedLines.Count.ShouldBe(5);
        result.Notices.ShouldContain(n => n.Kind == ChainNoticeKind.DiagnosticsOmitted);
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task More_lines_than_the_work_unit_limit_refuse_the_chain_before_parsing()
    {
        var file = _world.Temp.Combine("many-lines.jsonl");
        File.WriteAllLines(file, Enumerable.Repeat(GoodLine, 2_000));
        var acme = HostileFederation.HandMadeAcme(_world, r => r.BlobFrom(IssuesPath, file));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path, new ChainLimits { MaxWorkUnits = 1_000 });

        var fetched = await federation.FetchAllAsync();
        var result = await federation.AcmeAsync();

        fetched.Error.ShouldNotBeNull().Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        fetched.Error.RefusalReason.ShouldBe(ChainUnavailableReason.LimitExceeded);
        result.Chain.ShouldBeNull();
        result.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        result.Limit.ShouldBe(ChainLimitKind.WorkUnits);
        result.Message!.ShouldContain("MaxWorkUnits");
        await federation.OthersAnswerAsync();
    }

    public static TheoryData<string> FilesWithInvalidBytes() => ["federation/relationships.jsonl", ".beads/routes.jsonl", "mayor/town.json"];

    [Theory]
    [MemberData(nameof(FilesWithInvalidBytes))]
    public async Task Invalid_bytes_in_any_file_never_break_the_other_chains(string path)
    {
        byte[] content = path switch
        {
            "federation/relationships.jsonl" => [.. "{\"type\":\"employment\",\"entity\":\"m"u8, 0xFF, .. "@evil.com\",\"organization\":\"acme.com\"}\n"u8],
            ".beads/routes.jsonl" => [.. "{\"prefix\":\"ac-\",\"path\":\"backend/mayor/rig\"}\n{\"prefix\":\"x"u8, 0xFF, .. "-\",\"path\":\"x\"}\n"u8],
            _ => [.. "{\"type\":\"town\",\"version\":2,\"name\":\"engineering\",\"owner\":\"acme.com\",\"public_name\":\""u8, 0xFF, .. "\"}"u8],
        };
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, GoodLine + "\n").WriteBytes(path, content));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path);
        await federation.FetchAllAsync();

        var result = await federation.AcmeAsync();

        // Either the chain is refused with the file named (unreadable, or an identity that cannot be checked), or the
        // reader read around the bad bytes: never an exception out of the provider, and the other chains answer.
        if (result.Chain is null)
        {
            result.Unavailable.ShouldBeOneOf(ChainUnavailableReason.Unreadable, ChainUnavailableReason.IdentityMismatch);
            result.Message!.ShouldContain(path);
        }
        else
        {
            // Read as Go's encoding/json reads it (invalid bytes replaced, the line kept or reported): its work answers.
            result.Chain.TryGetWorkUnit("ac-1", out _).ShouldBeTrue();
        }

        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task An_owner_less_town_is_answered_as_unverified_and_says_so()
    {
        var acme = HostileFederation.HandMadeAcme(_world, r => r
                .Write(IssuesPath, GoodLine + "\n")
                .Write("federation/relationships.jsonl", "{\"type\":\"employment\",\"entity\":\"mallory@evil.com\",\"organization\":\"acme.com\"}\n"),
            townJson: "{\n  \"type\": \"town\",\n  \"version\": 1,\n  \"name\": \"engineering\"\n}");
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path);
        (await federation.FetchAllAsync()).Succeeded.ShouldBeTrue();

        var result = await federation.AcmeAsync();

        result.Chain.ShouldNotBeNull(result.Message);
        result.IsIdentityVerified.ShouldBeFalse();
        result.Chain.IdentityStatus.ShouldBe(ChainIdentityStatus.NoOwner);
        result.Notices.ShouldContain(n => n.Kind == ChainNoticeKind.IdentityUnverified && n.Message.Contains("without owner"));
        result.Chain.Relationships.ShouldAllBe(c => !c.IsAsserterIdentityVerified);
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task A_one_rig_repository_is_answered_as_unverified_and_says_so()
    {
        var beads = new HandMadeRepository(_world.Temp.Combine("one-rig"), branch: "main").Write(".beads/issues.jsonl", GoodLine + "\n");
        beads.Commit();
        using var federation = await HostileFederation.CreateAsync(_world, beads.Path, acmeRig: "backend");
        (await federation.FetchAllAsync()).Succeeded.ShouldBeTrue();

        var result = await federation.AcmeAsync();

        result.Chain.ShouldNotBeNull(result.Message);
        result.Chain.IdentityStatus.ShouldBe(ChainIdentityStatus.SingleRig);
        result.Notices.ShouldContain(n => n.Kind == ChainNoticeKind.IdentityUnverified && n.Message.Contains("one-rig repository"));
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task A_refused_newer_snapshot_fails_the_fetch_and_the_answer_says_it_comes_from_the_older_one()
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API")));
        await acme.PublishAsync("backend");
        using var federation = await HostileFederation.CreateAsync(_world, acme.Repository.Path);
        (await federation.FetchAllAsync()).Succeeded.ShouldBeTrue();
        var good = acme.Git("rev-parse", FederationRepository.PublishedBranch).Trim();

        File.WriteAllText(acme.Built.PathOf("mayor/town.json"), HandMadeRepository.TownJson("engineering", "mallory@evil.com"));
        await acme.PublishAsync();
        var spoof = acme.Git("rev-parse", FederationRepository.PublishedBranch).Trim();
        var fetched = await federation.FetchAllAsync();
        var result = await federation.AcmeAsync();

        // fetch: a failure of that remote, typed, not "1 refs updated".
        fetched.Succeeded.ShouldBeFalse();
        fetched.Error!.Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        fetched.Error.RefusedRevision.ShouldBe(spoof);
        fetched.Error.RefusalReason.ShouldBe(ChainUnavailableReason.IdentityMismatch);
        fetched.Error.Message.ShouldContain("mallory@evil.com");
        fetched.Error.Message.ShouldContain(good[..7]);

        // query: answered from the older snapshot, and saying so.
        result.Chain.ShouldNotBeNull();
        result.Chain.Revision.ShouldBe(good);
        result.IsFromOlderSnapshot.ShouldBeTrue();
        result.RefusedSnapshot.ShouldBe(new RefusedSnapshot(spoof, ChainUnavailableReason.IdentityMismatch, result.RefusedSnapshot!.Message, good));
        result.RefusedSnapshot.Message.ShouldContain("mallory@evil.com");
        var notice = result.Notices[0];
        notice.Kind.ShouldBe(ChainNoticeKind.NewestSnapshotRefused);
        notice.Message.ShouldContain("Answered from an older snapshot");
        notice.Message.ShouldContain("because the newest");
        result.Message!.ShouldContain(notice.Message);
        await federation.OthersAnswerAsync();
    }

    // git moves a branch only to a commit; a hostile remote writes its ref file by hand.
    private static string PointPublishedBranchAt(TestTown town, string objectId)
    {
        File.WriteAllText(Path.Combine(town.Repository.Path, "refs", "heads", "gt", "published"), objectId + "\n");
        town.Git("rev-parse", FederationRepository.PublishedBranch).Trim().ShouldBe(objectId);
        return objectId;
    }

    [Theory]
    [InlineData("tree", "a tree")]
    [InlineData("tag", "an annotated tag")]
    public async Task A_published_branch_moved_to_a_non_commit_is_a_refused_snapshot_and_the_verified_one_answers(string kind, string said)
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API")));
        await acme.PublishAsync("backend");
        using var federation = await HostileFederation.CreateAsync(_world, acme.Repository.Path);
        (await federation.FetchAllAsync()).Succeeded.ShouldBeTrue();
        var good = acme.Git("rev-parse", FederationRepository.PublishedBranch).Trim();

        if (kind == "tag")
        {
            acme.Git("-c", "user.name=Mallory", "-c", "user.email=mallory@evil.com", "tag", "-a", "v1", "-m", "not a commit", good);
        }

        var bad = PointPublishedBranchAt(acme, acme.Git("rev-parse", kind == "tree" ? good + "^{tree}" : "refs/tags/v1").Trim());
        var fetched = await federation.FetchAllAsync();

        // The fetch: the snapshot refused (as any other: its tracking ref moved, the verified one stays), saying why.
        fetched.Succeeded.ShouldBeFalse();
        fetched.Error!.Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        fetched.Error.RefusedRevision.ShouldBe(bad);
        fetched.Error.RefusalReason.ShouldBe(ChainUnavailableReason.Invalid);
        fetched.Error.Message.ShouldContain($"its branch gt/published names {said} ({bad[..7]}), not a commit");
        fetched.Error.Message.ShouldContain($"Queries answer from the last snapshot that passed ({good[..7]})");
        var snapshots = federation.Alice.Registry.GetSnapshots("acme");
        snapshots.Tip.ShouldBe(bad);
        snapshots.Verified.ShouldBe(good);

        // Every query: answered from the verified snapshot, saying the newest was refused and why (it said "nothing to
        // read yet, ask its owner to publish", and never read the verified snapshot).
        var result = await federation.AcmeAsync();
        result.Chain.ShouldNotBeNull(result.Message);
        result.Chain.Revision.ShouldBe(good);
        result.Chain.TryGetWorkUnit("ac-123", out _).ShouldBeTrue();
        result.IsFromOlderSnapshot.ShouldBeTrue();
        result.RefusedSnapshot.ShouldBe(new RefusedSnapshot(bad, ChainUnavailableReason.Invalid, result.RefusedSnapshot!.Message, good));
        result.RefusedSnapshot.Message.ShouldContain($"names {said} ({bad[..7]}), not a commit");
        var notice = result.Notices[0];
        notice.Kind.ShouldBe(ChainNoticeKind.NewestSnapshotRefused);
        notice.Message.ShouldStartWith($"Answered from an older snapshot of remote 'acme' ({good[..7]}) because the newest ({bad[..7]}) was refused (its branch names no commit): its branch gt/published names {said}");
        notice.Message.ShouldNotContain("gtfed");

        // A provider made afresh (another process) says the same; the history of a branch that names no commit is empty.
        var fresh = new GitChainProvider(federation.Alice.Registry, federation.Fetcher, new ChainLoader(), new GitTransportOptions { TownRoot = federation.Alice.Root, FetchPolicy = FetchPolicy.Never }, federation.Clock);
        var again = await fresh.GetChainAsync(HostileFederation.AcmeChain, Ct);
        again.Chain.ShouldNotBeNull(again.Message);
        again.RefusedSnapshot!.Revision.ShouldBe(bad);
        var history = new GitCommitHistorySource(federation.Alice.Registry, federation.Alice.Root);
        await foreach (var commit in history.GetCommitsAsync(HostileFederation.AcmeChain, null, Ct))
        {
            commit.Sha.ShouldBeNull("a branch that names no commit has no history");
        }

        // No signer to accept on a tree or a tag: said as such, not as a commit missing from a damaged copy.
        var accept = Should.Throw<GitTransportException>(() => new TrustedKeyStore(federation.Alice.Repository).AcceptSigner(federation.Alice.Registry.Get("acme")));
        accept.Message.ShouldContain($"names {said} ({bad[..7]}), not a commit");
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task A_first_fetch_whose_published_branch_names_a_tree_says_the_branch_names_no_commit_not_that_nothing_is_published()
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-123", "Ship the API")));
        await acme.PublishAsync("backend");
        var tree = PointPublishedBranchAt(acme, acme.Git("rev-parse", FederationRepository.PublishedBranch + "^{tree}").Trim());
        using var federation = await HostileFederation.CreateAsync(_world, acme.Repository.Path);

        var fetched = await federation.FetchAllAsync();

        fetched.Succeeded.ShouldBeFalse();
        fetched.NothingPublished.ShouldBeFalse();
        fetched.Error!.Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        fetched.Error.RefusalReason.ShouldBe(ChainUnavailableReason.Invalid);
        fetched.Error.Message.ShouldContain($"its branch gt/published names a tree ({tree[..7]}), not a commit");
        fetched.Error.Message.ShouldContain("No snapshot of it has passed");
        var result = await federation.AcmeAsync();
        result.Chain.ShouldBeNull();
        result.Unavailable.ShouldBe(ChainUnavailableReason.Invalid);
        result.Message.ShouldBe($"Remote 'acme' at {tree[..7]} was refused (its branch names no commit): its branch gt/published names a tree ({tree[..7]}), not a commit, so it holds no snapshot to read (git moves a branch only to a commit: this one was written by hand). Its owner must point gt/published at a commit again.");
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task A_commit_whose_date_git_cannot_read_fails_the_fetch_saying_the_history_holds_it_and_others_answer()
    {
        // git writes no such commit; a hostile remote writes it by hand. libgit2's own "failed to parse signature - invalid
        // Unix timestamp" was said as "failed: …" with nothing to act on.
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, GoodLine + "\n"));
        var tip = GitCli.Run(acme.Path, "rev-parse", "HEAD").Trim();
        var header = GitCli.Run(acme.Path, "cat-file", "commit", tip).Split('\n');
        var lines = header.Select(l => l.StartsWith("author ", StringComparison.Ordinal) ? l[..(l.LastIndexOf('>') + 1)] + " 18446744073709551617 +0000" : l);
        var file = _world.Temp.Combine("forged-commit");
        File.WriteAllText(file, string.Join("\n", lines));
        var bad = GitCli.Run(acme.Path, "hash-object", "-t", "commit", "--literally", "-w", file).Trim();
        GitCli.Run(acme.Path, "update-ref", "refs/heads/" + FederationRepository.PublishedBranch, bad);
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path);

        var fetched = await federation.FetchAllAsync();

        fetched.Succeeded.ShouldBeFalse();
        fetched.Error!.Message.ShouldContain("its history holds a commit whose author or committer line cannot be read (");
        fetched.Error.Message.ShouldContain("Its owner must rewrite that history");
        await federation.OthersAnswerAsync();
    }

    [Fact]
    public async Task Data_older_than_the_staleness_threshold_is_reported_stale()
    {
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, GoodLine + "\n"));
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path);
        await federation.FetchAllAsync();

        var fresh = await federation.AcmeAsync();
        federation.Clock.Advance(TimeSpan.FromDays(2));
        var old = await federation.AcmeAsync();

        fresh.IsStale.ShouldBeFalse();
        fresh.DataAsOf.ShouldNotBeNull();
        old.IsStale.ShouldBeTrue();
        var stale = old.Notices.ShouldHaveSingleItem();
        stale.Kind.ShouldBe(ChainNoticeKind.Stale);
        // Said to whoever reads the answer: the host's limit in words (it said "1.00:00:00 (GitTransportOptions.StaleAfter)").
        stale.Message.ShouldContain("2 d ago), longer ago than 1 d, after which this host calls data stale; fetch it to see newer work.");
        old.Chain.ShouldNotBeNull();
    }

    [Fact]
    public async Task Only_the_published_branch_is_fetched_whatever_the_remote_holds()
    {
        var acme = HostileFederation.HandMadeAcme(_world, r => r.Write(IssuesPath, GoodLine + "\n"));
        acme.Branches(50_000);
        using var federation = await HostileFederation.CreateAsync(_world, acme.Path);

        var fetched = await federation.FetchAllAsync();

        fetched.Succeeded.ShouldBeTrue(fetched.Error?.Message);
        fetched.UpdatedRefs.ShouldBe(1);
        federation.Alice.Git("for-each-ref", "--format=%(refname)", "refs/remotes/acme/").Trim()
            .ShouldBe("refs/remotes/acme/" + FederationRepository.PublishedBranch);
        // A hand-typed `git fetch acme` must take no more than the SDK does.
        federation.Alice.Git("config", "--get-all", "remote.acme.fetch").Trim()
            .ShouldBe($"+refs/heads/{FederationRepository.PublishedBranch}:refs/remotes/acme/{FederationRepository.PublishedBranch}");
        (await federation.AcmeAsync()).Chain.ShouldNotBeNull();
        await federation.OthersAnswerAsync();
    }
}
