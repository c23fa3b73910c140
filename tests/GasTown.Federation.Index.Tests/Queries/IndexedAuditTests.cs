using CsCheck;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Audits through the town's queries answer from the index (the matching units and event lines found by actor id, only
/// their lines parsed; commits walked) with the answer loading every chain gives: the same entries in the same order,
/// the same unreachable chains and chain states. A chain the index cannot describe exactly, or an event log only a load
/// describes, makes the audit load. Real towns, real git, real SQLite.
/// </summary>
public sealed class IndexedAuditTests
{
    private const string Joe = "gastown/crew/joe";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string?> Audits => new()
    {
        { "gastown/*", null },
        { "*/polecats/*", null },
        { "mayor", null },
        { "MAYOR", null },
        { "*", null },
        { "*", "2026-01-01T10:00:00Z" },
        { "gastown/crew/joe", "2026-01-01T09:00:00Z" },
        { "nobody", null },
        { "Gastown/Crew/JOE", null },      // a literal: one seek on the folded names
        { "gastown/crew/*", null },        // a literal start: a range of folded names
        { "gastown/c?ew/joe", null },      // the range ends at the first wildcard
        { "?ayor", null },                 // no literal start: every name
        { "deacon*", null },
    };

    [Theory]
    [MemberData(nameof(Audits))]
    public async Task An_audit_from_the_index_is_what_loading_every_chain_answers_and_parses_only_the_matching_lines(string pattern, string? since)
    {
        using var federation = AuditFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var actor = ActorPattern.Parse(pattern);
        var after = since is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture);

        var loaded = await town.Queries.WithoutIndex().AuditAsync(actor, after, Ct);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var before = town.Index.LinesParsedForAnswers;
        var indexed = await town.Queries.AuditAsync(actor, after, Ct);

        sources.Take().ShouldBe(["chains", "index"]);
        AuditAssert.Same(indexed, loaded);

        // One line per work unit with a matching entry and one per matching event: never a whole chain. (The instants
        // asked for are whole seconds, so the index's floored seconds select exactly.)
        var expected = indexed.Entries.Where(e => e.Source == AuditSources.Beads).Select(e => e.Uri).Distinct().Count()
            + indexed.Entries.Count(e => e.Source == AuditSources.Events);
        (town.Index.LinesParsedForAnswers - before).ShouldBe(expected);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task The_timeline_holds_events_beads_and_commits_of_both_chains()
    {
        using var federation = AuditFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var result = await town.Queries.AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);

        sources.Take().ShouldBe(["index"]);
        result.Entries.Where(e => e.Source != AuditSources.Git).Select(e => (e.Type, e.Uri!.ToString(), e.Summary)).ShouldBe(
        [
            ("bead_commented", "gt://obs@example.com/observer/web/wb-3", "commented on wb-3: Looks good"),
            ("sling", IndexedFederation.AliceChain, "bead=gt-1 target=gastown/polecats/nux"),
            ("bead_created", IndexedFederation.AliceChain + "/gastown/gt-3", "created gt-3: Fix login"),
            ("sling", "gt://obs@example.com/observer", "bead=wb-3"),
        ]);
        result.Entries.Where(e => e.Source == AuditSources.Git).ShouldAllBe(e => e.Actor == Joe);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_never_fetched_is_reported_while_the_others_answer_from_the_index()
    {
        using var federation = AuditFederation();
        await federation.ConnectAsync(Ct);
        await using (var observer = federation.OpenObserver())
        {
            observer.Remotes.Add("bob", federation.Temp("nowhere.git"), GtUri.Parse("gt://bob@example.com/bob-town"));
        }

        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var indexed = await town.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);

        sources.Take().ShouldBe(["index", "chains"]);
        AuditAssert.Same(indexed, loaded);
        indexed.Unreachable.Select(u => u.Target).ShouldBe(["gt://bob@example.com/bob-town"]);
        indexed.Entries.ShouldContain(e => e.Uri!.ToString() == IndexedFederation.AliceChain + "/gastown/gt-3");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Past_the_chain_limit_the_index_answers_the_audit_as_loading_does()
    {
        // Four remotes, each with work and events by joe: with MaxChains 1..5 the chains past the limit are not read.
        using var federation = new ChainsFederation(4,
            rig: (i, rig) => rig
                .WithIssue($"c{i}-1", "Made by joe", w => w.CreatedBy("gastown/crew/joe").CreatedAt($"2025-12-2{i}T10:00:00Z"))
                .WithIssue($"c{i}-2", "Made by ann", w => w.CreatedBy("ann")),
            town: (i, town) => town.WithEvent($"2026-01-0{i + 1}T08:00:00Z", "sling", "gastown/crew/joe", $$"""{"bead":"c{{i}}-1"}"""),
            ops: rig => rig.WithIssue("op-1", "Made by joe here", w => w.CreatedBy("gastown/crew/joe")));
        await federation.ConnectAsync(Ct);
        using var sources = new QuerySources();

        foreach (var max in new[] { 1, 2, 3, 5 })
        {
            await using var town = federation.OpenObserver(max);
            var indexed = await town.Queries.AuditAsync(ActorPattern.Parse("gastown/crew/*"), cancellationToken: Ct);
            var loaded = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse("gastown/crew/*"), cancellationToken: Ct);

            sources.Take().ShouldBe(["index", "chains"], $"MaxChains {max}");
            AuditAssert.Same(indexed, loaded);
            indexed.Chains.Count(c => c.Unreachable == UnreachableReason.ChainLimit).ShouldBe(Math.Max(0, 5 - max));
            indexed.Truncations.Select(t => t.Bound).ShouldBe(max < 5 ? [TruncationBound.Chains] : []);
            indexed.Entries.Count(e => e.Type == AuditSources.BeadCreated).ShouldBe(max);

            // Pages count the facts of the chains read only: the newest units are past the limit here. One actor (joe) is
            // cut by joining its rows to their units, several (joe, ann, ...) by the set of the chains' units.
            await AuditAssert.PagesAreTheWholeAsync(town, ActorPattern.Parse("gastown/crew/*"), null, 1, indexed, $"MaxChains {max}");
            AllFromIndex(sources.Take());
            var everyone = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);
            if (max > 1)
            {
                // Joe is alone in the town's own chain; the remotes add ann.
                everyone.Entries.Select(e => e.Actor).Distinct().Count().ShouldBeGreaterThan(1, $"MaxChains {max}");
            }

            await AuditAssert.PagesAreTheWholeAsync(town, ActorPattern.Any, null, 1, everyone, $"MaxChains {max}, everyone");

            sources.Take().ShouldBe(["chains", .. Enumerable.Repeat<string?>("index", Math.Max(1, everyone.Entries.Count))], $"MaxChains {max}");
            if (max == 3)
            {
                // Past the limit, the first page reads its window: the three units of the newest second (ann's unit in each
                // of the two remotes read, joe's op-1), not the five of the chains read. A cut that let every unit of those chains through
                // would still give the right pages, so count the lines.
                var before = town.Index.LinesParsedForAnswers;
                await town.Queries.AuditPageAsync(ActorPattern.Any, null, 1, cancellationToken: Ct);
                (town.Index.LinesParsedForAnswers - before).ShouldBe(3);
                sources.Take();
            }
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_hostile_remote_s_dropped_line_or_an_event_log_only_a_load_describes_is_audited_from_the_index()
    {
        // Alice's issues file holds invalid UTF-8 (a dropped line: the index stored what a load says of it). Then the
        // observer's own event log has a byte order mark past its start (the two ways an audit reads a log differ there):
        // that log alone is read whole, as a load reads it, the rest from the index. Then alice's published log is over
        // the blob limit: no path reads it, and both say so (her work units still count).
        var text = "{\"id\":\"gt-1\",\"title\":\"Bad XX bytes\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"created_by\":\"gastown/crew/joe\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n";
        var issues = System.Text.Encoding.ASCII.GetBytes(text);
        issues[text.IndexOf("XX", StringComparison.Ordinal)] = 0xFF;
        using (var federation = new IndexedFederation(aliceIssues: issues) { PublishFeedEvents = true })
        {
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver();
            using var sources = new QuerySources();
            var indexed = await town.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
            var loaded = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);
            sources.Take().ShouldBe(["index", "chains"]);
            AuditAssert.Same(indexed, loaded);
            indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).DroppedLines.ShouldBe(1);
            federation.AssertIndexNeverFailed();
        }

        foreach (var whose in new[] { "observer", "alice" })
        {
            using var federation = whose == "observer"
                ? new IndexedFederation(observer: town => town
                    .WithEvent("2026-01-01T08:00:00Z", "sling", Joe, """{"bead":"wb-1"}""")
                    .WithEventLine("\uFEFF" + """{"ts":"2026-01-01T09:00:00Z","source":"gt","type":"done","actor":"gastown/crew/joe","visibility":"feed"}"""))
                : new IndexedFederation(alice: town =>
                {
                    for (var i = 0; i < 30; i++)
                    {
                        town.WithEventLine("{\"ts\":\"2026-01-01T09:" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)
                            + ":00Z\",\"source\":\"gt\",\"type\":\"done\",\"actor\":\"gastown/crew/joe\",\"visibility\":\"feed\"}");
                    }
                }) { PublishFeedEvents = true };
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxBlobBytes = 2_000));
            using var sources = new QuerySources();
            var indexed = await town.Queries.AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);
            var loaded = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);
            sources.Take().ShouldBe(["index", "chains"], whose);
            AuditAssert.Same(indexed, loaded);
            if (whose == "observer")
            {
                indexed.Entries.Count(e => e.Source == AuditSources.Events).ShouldBeGreaterThan(0, whose);
            }
            else
            {
                indexed.Entries.ShouldNotContain(e => e.Source == AuditSources.Events && e.Uri!.Value.ToString() == IndexedFederation.AliceChain);
                var unread = indexed.Unreachable.ShouldHaveSingleItem();
                (unread.Target, unread.Reason).ShouldBe((IndexedFederation.AliceChain, UnreachableReason.LimitExceeded));
                unread.Message.ShouldContain("MaxBlobBytes");
            }

            using (var connection = IndexFile.Open(town.Index.DatabasePath))
            {
                // The case under test: the index holds no rows for that log.
                var chain = whose == "observer" ? town.Chain!.Value.ToString() : IndexedFederation.AliceChain;
                IndexFile.Scalar(connection, $"SELECT exact FROM event_logs WHERE chain_id = (SELECT id FROM chains WHERE uri = '{chain}')").ShouldBe(0L, whose);
            }

            federation.AssertIndexNeverFailed();
        }
    }

    [Fact]
    public async Task A_log_indexed_within_a_larger_blob_limit_is_refused_as_a_load_in_this_process_refuses_it()
    {
        using var federation = new IndexedFederation(alice: town =>
        {
            for (var i = 0; i < 30; i++)
            {
                town.WithEventLine("{\"ts\":\"2026-01-01T09:" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)
                    + ":00Z\",\"source\":\"gt\",\"type\":\"done\",\"actor\":\"gastown/crew/joe\",\"visibility\":\"feed\"}");
            }
        }) { PublishFeedEvents = true };
        await federation.ConnectAsync(Ct);
        await using (var wide = federation.OpenObserver())
        {
            // Indexed within the default limits: the log is described, every line a row.
            await wide.Index.RefreshAsync(cancellationToken: Ct);
            (await wide.Queries.AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct)).Entries.Count(e => e.Source == AuditSources.Events).ShouldBe(30);
        }

        await using var town = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxBlobBytes = 2_000));
        using var sources = new QuerySources();
        var indexed = await town.Queries.AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        AuditAssert.Same(indexed, loaded);
        indexed.Entries.ShouldNotContain(e => e.Source == AuditSources.Events);
        indexed.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_remote_event_log_linked_elsewhere_is_reported_and_its_chain_still_answers()
    {
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssue("gt-3", "Made by joe", i => i.CreatedBy(Joe)));
        await federation.ConnectAsync(Ct);

        // The publisher never writes a link, so it is committed straight onto alice's published branch.
        var work = federation.Temp("alice-linked");
        GitCli.Run(federation.Alice.Root, "clone", "-q", "-b", FederationRepository.PublishedBranch, federation.AliceGitUrl, work);
        File.CreateSymbolicLink(Path.Combine(work, ".events.jsonl"), "mayor/town.json");
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "a linked log");
        GitCli.Run(work, "push", "-q", "origin", "HEAD:" + FederationRepository.PublishedBranch);
        await federation.FetchAsync(Ct);

        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var indexed = await town.Queries.AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        AuditAssert.Same(indexed, loaded);

        // Alice's chain answers (her unit made by joe is there); only her log is left out, and the audit says why.
        indexed.Entries.ShouldContain(e => e.Type == AuditSources.BeadCreated && e.Uri!.Value.ToString() == IndexedFederation.AliceChain + "/gastown/gt-3");
        var unread = indexed.Unreachable.ShouldHaveSingleItem();
        (unread.Target, unread.Reason).ShouldBe((IndexedFederation.AliceChain, UnreachableReason.InvalidChain));
        unread.Message.ShouldContain("symbolic link");
        indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Unreachable.ShouldBeNull();

        // The link removed: an exact empty log again (not the link's row kept). Then a real log: its events from the index.
        foreach (var step in new[] { "no log", "a real log" })
        {
            File.Delete(Path.Combine(work, ".events.jsonl"));
            if (step == "a real log")
            {
                File.WriteAllText(Path.Combine(work, ".events.jsonl"), """{"ts":"2026-01-01T09:00:00Z","source":"gt","type":"done","actor":"gastown/crew/joe","visibility":"feed"}""" + "\n");
            }

            GitCli.Run(work, "add", "-A");
            GitCli.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", step);
            GitCli.Run(work, "push", "-q", "origin", "HEAD:" + FederationRepository.PublishedBranch);
            await federation.FetchAsync(Ct);
            await using var again = federation.OpenObserver();
            var fromIndex = await again.Queries.AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);
            sources.Take().ShouldBe(["index"], step);
            AuditAssert.Same(fromIndex, await again.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct));
            sources.Take();
            fromIndex.Unreachable.ShouldBeEmpty(step);
            fromIndex.Entries.Count(e => e.Source == AuditSources.Events).ShouldBe(step == "a real log" ? 1 : 0, step);
            using var connection = IndexFile.Open(again.Index.DatabasePath);
            IndexFile.Scalar(connection, $"SELECT exact FROM event_logs WHERE chain_id = (SELECT id FROM chains WHERE uri = '{IndexedFederation.AliceChain}')").ShouldBe(1L, step);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Lines_of_an_event_log_that_are_no_events_are_counted_among_the_chain_s_dropped_lines_from_the_index_as_from_a_load()
    {
        // They were left out of every audit unsaid (only the logger heard of them): a log of garbage looked whole. (The
        // local town's log here; a remote's is read by the same two paths, EventRows and AuditQuery.AddEventsAsync.)
        using var federation = new IndexedFederation(
            observer: town => town
                .WithEvent("2026-01-01T08:00:00Z", "sling", Joe, """{"bead":"wb-1"}""")
                .WithEventLine("not json")
                .WithEventLine("""{"ts":"garbage","source":"gt","type":"bad","actor":"gastown/crew/joe","visibility":"feed"}""")
                .WithEvent("2026-01-01T09:00:00Z", "done", Joe, """{"bead":"wb-1"}"""));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var joe = ActorPattern.Parse(Joe);

        var loaded = await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var indexed = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        AuditAssert.Same(indexed, loaded);
        indexed.Entries.Where(e => e.Source == AuditSources.Events).Select(e => e.Type).ShouldBe(["done", "sling"]);
        var observer = indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain);
        observer.DroppedLines.ShouldBe(2);
        observer.Notes.ShouldContain(n => n.StartsWith("its event log (.events.jsonl) holds 2 line(s) that are no events, left out of this audit; the first, line 2", StringComparison.Ordinal));
        indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).DroppedLines.ShouldBe(0);

        // The log keeps its events as rows, with the count and the first line's diagnostic: no audit reads it whole (under
        // schema 25 such a log kept no rows, and every audit, every page, read it from its start).
        const string LocalLog = "SELECT {0} FROM {1} WHERE chain_id = (SELECT id FROM chains WHERE is_local = 1)";
        string Local(string what, string table = "event_logs") => string.Format(System.Globalization.CultureInfo.InvariantCulture, LocalLog, what, table);
        Count(town, Local("exact")).ShouldBe(1);
        Count(town, Local("dropped")).ShouldBe(2);
        Count(town, Local("count(*)", "events")).ShouldBe(2);
        var lastRow = Count(town, Local("max(id)", "events"));

        // Another complete line that is no event is counted; an unterminated last line is a writer still appending (a torn
        // tail), as a load reads it, and is not. The log is read from where it ended: the rows before stay as they were.
        await File.AppendAllTextAsync(federation.Observer.PathOf(".events.jsonl"), "{\"ts\": oops\n{\"ts\":\"2026-01-02", Ct);
        var appended = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        AuditAssert.Same(appended, await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct));
        appended.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain).DroppedLines.ShouldBe(3);
        Count(town, Local("count(*)", "events") + $" AND id <= {lastRow}").ShouldBe(2);
        Count(town, Local("exact")).ShouldBe(1);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_line_that_is_no_event_appended_to_a_clean_local_log_is_named_by_its_line_in_the_whole_log()
    {
        // The log is read from where it ended, so the appended line's number and offset come from the count kept of the
        // lines before it (a line read alone is line 1 at byte 0): the note must name it as a load of the whole log does.
        using var federation = new IndexedFederation(
            observer: town => town
                .WithEvent("2026-01-01T08:00:00Z", "sling", Joe, """{"bead":"wb-1"}""")
                .WithEventLine("")
                .WithEvent("2026-01-01T09:00:00Z", "done", Joe, """{"bead":"wb-1"}"""));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var joe = ActorPattern.Parse(Joe);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var lastRow = Count(town, "SELECT max(id) FROM events WHERE chain_id = (SELECT id FROM chains WHERE is_local = 1)");

        await File.AppendAllTextAsync(federation.Observer.PathOf(".events.jsonl"), "{\"ts\":\"2026-01-02T08:00:00Z\",\"type\":7}\r\n", Ct);
        var indexed = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        AuditAssert.Same(indexed, await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct));
        var observer = indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain);
        observer.DroppedLines.ShouldBe(1);
        observer.Notes.ShouldContain(n => n.Contains("; the first, line 4 (byte ", StringComparison.Ordinal));
        Count(town, $"SELECT count(*) FROM events WHERE id <= {lastRow} AND chain_id = (SELECT id FROM chains WHERE is_local = 1)").ShouldBe(2);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_local_event_log_that_cannot_be_read_breaks_only_itself()
    {
        using var federation = AuditFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);

        // Not a regular file: a socket, which no one can open (a permission would not stop root), found since the last
        // refresh. The refresh must not throw, and every chain still answers.
        var log = federation.Observer.PathOf(".events.jsonl");
        File.Delete(log);
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(log));

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.Chains.ShouldAllBe(c => c.Unavailable == null);
        (await town.Index.GetChainsAsync(Ct)).ShouldAllBe(c => c.IsAvailable);
        (await town.Index.ListAsync(new IndexQuery { Remote = IndexedFederation.ObserverChain }, Ct)).Items.ShouldNotBeEmpty();
        Count(town, "SELECT exact FROM event_logs WHERE chain_id = (SELECT id FROM chains WHERE is_local = 1)").ShouldBe(0);
        Count(town, "SELECT count(*) FROM events WHERE chain_id = (SELECT id FROM chains WHERE is_local = 1)").ShouldBe(0);

        // Its stamp is kept, so that it is not tried again by every query while it is unchanged.
        Count(town, "SELECT count(*) FROM event_logs WHERE stamp IS NOT NULL AND chain_id = (SELECT id FROM chains WHERE is_local = 1)").ShouldBe(1);

        // An audit answers, from the index as by loading: the other chains' events, and the log it could not read.
        var indexed = await town.Queries.AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct);
        AuditAssert.Same(indexed, await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct));
        indexed.Entries.ShouldContain(e => e.Source == AuditSources.Events && e.Uri!.Value.ChainUri.ToString() == IndexedFederation.AliceChain);
        var unread = indexed.Unreachable.ShouldHaveSingleItem();
        (unread.Target, unread.Reason).ShouldBe((IndexedFederation.ObserverChain, UnreachableReason.LoadFailed));
        unread.Message.ShouldContain("could not be read");
    }

    [Fact]
    public async Task Named_pipes_where_the_local_town_s_issues_file_and_event_log_were_are_refused_without_waiting_and_the_others_answer()
    {
        Assert.SkipUnless(NamedPipes.AreSupported, "pipes are refused before they are opened on Linux only");
        using var federation = AuditFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();

        // Opening a pipe for reading waits for a writer, for ever: each must be refused at once, breaking only itself.
        var issues = federation.Observer.IssuesPathOf("web");
        var log = federation.Observer.PathOf(".events.jsonl");
        NamedPipes.Create(issues);
        NamedPipes.Create(log);
        var refresh = await NamedPipes.WithinAsync([issues, log], Task.Run(() => town.Index.RefreshAsync(cancellationToken: Ct).AsTask(), Ct), TimeSpan.FromSeconds(60));

        var local = refresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain);
        local.Unavailable.ShouldBe(ChainUnavailableReason.Unreadable);
        (await town.Index.GetChainsAsync(Ct)).Single(c => c.Uri.ToString() == IndexedFederation.ObserverChain).Message!.ShouldContain("is not a regular file");
        (await town.Index.ListAsync(new IndexQuery { Remote = "alice" }, Ct)).Items.ShouldNotBeEmpty();

        // The audit answers too: alice's events, and the observer's log it could not read.
        var audit = await NamedPipes.WithinAsync([issues, log], Task.Run(() => town.Queries.AuditAsync(ActorPattern.Parse(Joe), cancellationToken: Ct).AsTask(), Ct), TimeSpan.FromSeconds(60));
        audit.Entries.ShouldContain(e => e.Source == AuditSources.Events && e.Uri!.Value.ChainUri.ToString() == IndexedFederation.AliceChain);
        audit.Unreachable.ShouldContain(u => u.Target == IndexedFederation.ObserverChain);
    }

    [Fact]
    public async Task An_appended_local_event_log_is_read_from_where_it_ended_and_the_audit_from_the_index_sees_it()
    {
        using var federation = AuditFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var joe = ActorPattern.Parse(Joe);
        (await town.Queries.AuditAsync(joe, cancellationToken: Ct)).Entries.Count(e => e.Type == "done").ShouldBe(0);
        const string LocalEvents = "SELECT {0} FROM events WHERE chain_id = (SELECT id FROM chains WHERE is_local = 1)";
        var rowsBefore = Count(town, string.Format(System.Globalization.CultureInfo.InvariantCulture, LocalEvents, "count(*)"));
        var lastBefore = Count(town, string.Format(System.Globalization.CultureInfo.InvariantCulture, LocalEvents, "max(id)"));
        rowsBefore.ShouldBe(3);

        // The observer appends an event: only the log is read again, from where it ended (the rows before it stay as
        // they were, no issues line is parsed), and the audit from the index sees it.
        await File.AppendAllTextAsync(federation.Observer.PathOf(".events.jsonl"),
            """{"ts":"2026-01-02T08:00:00Z","source":"gt","type":"done","actor":"gastown/crew/joe","payload":{"bead":"wb-3"},"visibility":"feed"}""" + "\n", Ct);
        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        refresh.LinesParsed.ShouldBe(0);
        Count(town, string.Format(System.Globalization.CultureInfo.InvariantCulture, LocalEvents, "count(*)")).ShouldBe(rowsBefore + 1);
        Count(town, string.Format(System.Globalization.CultureInfo.InvariantCulture, LocalEvents, "count(*)") + $" AND id <= {lastBefore}").ShouldBe(rowsBefore);

        using var sources = new QuerySources();
        var indexed = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        sources.Take().ShouldBe(["index"]);
        indexed.Entries.Count(e => e.Type == "done").ShouldBe(1);
        AuditAssert.Same(indexed, await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct));

        // A log rewritten (not appended to) is read again whole.
        var lines = await File.ReadAllLinesAsync(federation.Observer.PathOf(".events.jsonl"), Ct);
        await File.WriteAllLinesAsync(federation.Observer.PathOf(".events.jsonl"), lines.Select(l => l.Replace("wb-3", "wb-9", StringComparison.Ordinal)), Ct);
        var rewritten = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        rewritten.Entries.Where(e => e.Source == AuditSources.Events && e.Uri!.ToString() == "gt://obs@example.com/observer").Select(e => e.Summary).ShouldBe(["bead=wb-9", "bead=wb-9"]);
        AuditAssert.Same(rewritten, await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task An_edit_of_an_early_line_of_a_grown_local_event_log_is_seen_though_the_log_grew_with_the_same_tail()
    {
        using var federation = AuditFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var log = federation.Observer.PathOf(".events.jsonl");
        var joe = ActorPattern.Parse(Joe);

        // More than 4 KiB of events after the first line, then indexed.
        var later = string.Concat(Enumerable.Range(0, 60).Select(i =>
            $$"""{"ts":"2026-01-03T08:00:{{i % 60:00}}Z","source":"gt","type":"nudge","actor":"gastown/crew/ann","payload":{"n":{{i}}},"visibility":"feed"}""" + "\n"));
        await File.AppendAllTextAsync(log, later, Ct);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        (await town.Queries.AuditAsync(joe, cancellationToken: Ct)).Entries.ShouldNotContain(e => e.Summary.Contains("wb-7", StringComparison.Ordinal));

        // An early line edited in place (same length) and a line appended: the bytes before the old end changed, so this
        // is no append, though the last 4 KiB before the old end are as they were.
        var text = await File.ReadAllTextAsync(log, Ct);
        var first = text.IndexOf("wb-3", StringComparison.Ordinal);
        first.ShouldBeGreaterThanOrEqualTo(0);
        first.ShouldBeLessThan(text.Length - 4096);
        text = string.Concat(text.AsSpan(0, first), "wb-7", text.AsSpan(first + 4));
        await File.WriteAllTextAsync(log, text + """{"ts":"2026-01-04T08:00:00Z","source":"gt","type":"nudge","actor":"gastown/crew/ann","payload":{"n":99},"visibility":"feed"}""" + "\n", Ct);

        using var sources = new QuerySources();
        var indexed = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        sources.Take().ShouldBe(["index"]);
        indexed.Entries.ShouldContain(e => e.Summary.Contains("wb-7", StringComparison.Ordinal));
        AuditAssert.Same(indexed, await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct));
        federation.AssertIndexNeverFailed();
    }

    private static long Count(GasTown.Federation.Hosting.Town town, string sql) => Count(town.Index.DatabasePath, sql);

    [Fact]
    public async Task Pages_of_an_audit_walk_the_whole_audit_once_each_in_order_repeated_lines_included()
    {
        // The observer's log repeats a line: two entries equal in every field, which a page boundary must not merge.
        const string Repeated = """{"ts":"2026-01-01T07:00:00Z","source":"gt","type":"sling","actor":"gastown/crew/joe","payload":{"bead":"wb-1"},"visibility":"feed"}""";
        using var federation = new IndexedFederation(observer: town => town.WithEventLine(Repeated).WithEventLine(Repeated).WithEventLine(Repeated)) { PublishFeedEvents = true };
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var whole = await town.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        whole.Entries.Count.ShouldBeGreaterThan(4);

        foreach (var size in new[] { 1, 2, 5, 10_000 })
        {
            var paged = new List<AuditEntry>();
            string? after = null;
            do
            {
                var page = await town.Queries.AuditPageAsync(ActorPattern.Any, null, size, after, Ct);
                page.Result.Entries.Count.ShouldBeLessThanOrEqualTo(size);
                page.Result.Chains.Count.ShouldBe(whole.Chains.Count);
                paged.AddRange(page.Result.Entries);
                after = page.Next;
            }
            while (after is not null);

            paged.Select(e => e.ToString()).ShouldBe(whole.Entries.Select(e => e.ToString()), $"pages of {size}");
        }

        AllFromIndex(sources.Take());
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.AuditPageAsync(ActorPattern.Any, null, 2, "bogus", Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
        // A token of an audit's form whose instant no DateTimeOffset holds: bad input, not an exception from the window.
        var beyond = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes("a:9223372036854775807;1;1:x1:x1:x1:x1:x"));
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.AuditPageAsync(ActorPattern.Any, null, 2, beyond, Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
        var readyToken = (await town.Queries.GetReadyWorkPageAsync(1, cancellationToken: Ct)).Next!;
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.AuditPageAsync(ActorPattern.Any, null, 2, readyToken, Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task On_random_federations_an_audit_is_the_same_from_the_index()
    {
        string[] actors = ["mayor", "gastown/crew/joe", "Gastown/Crew/Joe", "gastown/polecats/nux", "beads/polecats/slit", "deacon", ""];
        string[] patterns = ["*", "gastown/*", "*/polecats/*", "mayor", "GASTOWN/CREW/JOE", "*joe", "?ayor", "deacon*"];
        await Gen.Select(Gen.Int[0, 8], Gen.Int[0, 8], Gen.Int[0, 100_000]).SampleAsync(async sample =>
        {
            var (aliceCount, webCount, seed) = sample;
            var random = new Random(seed);
            string Actor() => actors[random.Next(actors.Length)];
            string Stamp() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 600)).AddMilliseconds(random.Next(0, 2) * 500)
                .ToOffset(TimeSpan.FromHours(random.Next(-2, 3))).ToString("yyyy-MM-ddTHH:mm:ss.FFFzzz", System.Globalization.CultureInfo.InvariantCulture);
            void Events(TownBuilder town, int count)
            {
                for (var n = 0; n < count; n++)
                {
                    var actor = Actor();
                    town.WithEvent(Stamp(), random.Next(2) == 0 ? "sling" : "done", actor.Length == 0 ? "mayor" : actor, $$"""{"bead":"x-{{n}}","n":{{n}}}""", visibility: random.Next(4) == 0 ? "audit" : "feed");
                }
            }

            using var federation = new IndexedFederation(
                alice: town => Events(town, random.Next(0, 6)),
                gastown: rig => AddRandomUnits(rig, "gt-", aliceCount, random, Actor, Stamp),
                web: rig => AddRandomUnits(rig, "wb-", webCount, random, Actor, Stamp),
                observer: town => Events(town, random.Next(0, 6)))
            { PublishFeedEvents = true };
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver();
            using var sources = new QuerySources();
            var pattern = ActorPattern.Parse(patterns[random.Next(patterns.Length)]);
            DateTimeOffset? since = random.Next(3) == 0 ? new DateTimeOffset(2026, 1, 1, 5, 0, 0, TimeSpan.Zero).AddMilliseconds(random.Next(0, 2) * 250) : null;

            var loaded = await town.Queries.WithoutIndex().AuditAsync(pattern, since, Ct);
            var indexed = await town.Queries.AuditAsync(pattern, since, Ct);

            sources.Take().ShouldBe(["chains", "index"], $"sample {sample}");
            AuditAssert.Same(indexed, loaded);

            // Its pages, each read from the index's window of the newest seconds (instants share seconds, half seconds
            // and offsets here): together, the whole audit once, in order.
            await AuditAssert.PagesAreTheWholeAsync(town, pattern, since, random.Next(1, 5), indexed, $"sample {sample}");
            AllFromIndex(sources.Take());
            federation.AssertIndexNeverFailed();
        }, iter: 6, threads: 1);
    }

    [Fact]
    public async Task Entries_a_remote_dates_in_the_future_are_left_out_and_said_from_the_index_as_from_a_load()
    {
        // Alice's chain dates an event, a work unit and a comment centuries ahead: newest first, they headed every page of
        // every audit above the observer's real work, for ever. Left out now, and her chain's state says so, whether
        // the audit is whole or a page, from the index (which reads only up to the cutoff) or from a load.
        using var federation = new IndexedFederation(
            alice: town => town
                .WithEvent("2026-01-01T08:00:00Z", "sling", Joe, """{"bead":"gt-1"}""")
                .WithEvent("2999-01-01T00:00:00Z", "sling", Joe, """{"bead":"gt-1","note":"first forever"}"""),
            gastown: rig => rig
                .WithIssue("gt-8", "Made in the future", i => i.CreatedBy(Joe).CreatedAt("2998-06-01T00:00:00Z"))
                .WithIssueLine("""{"id":"gt-9","title":"Real work, odd comment","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T10:00:00Z","created_by":"gastown/crew/joe","updated_at":"2026-01-01T10:00:00Z","comments":[{"id":1,"issue_id":"gt-9","author":"gastown/crew/joe","text":"later","created_at":"2997-01-01T00:00:00Z"}]}"""),
            observer: town => town
                .WithEvent("2026-01-02T09:00:00Z", "sling", Joe, """{"bead":"wb-1"}""")
                .WithEvent("2026-01-02T10:00:00Z", "done", Joe, """{"bead":"wb-1"}"""))
        { PublishFeedEvents = true };
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var joe = ActorPattern.Parse(Joe);
        var beyond = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var indexed = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct);

        sources.Take().ShouldBe(["index", "chains"]);
        AuditAssert.Same(indexed, loaded);
        indexed.Entries.ShouldNotContain(e => e.Timestamp > beyond);
        indexed.Entries.ShouldContain(e => e.Summary == "created gt-9: Real work, odd comment");
        indexed.Entries.ShouldContain(e => e.Summary == "bead=gt-1" && e.Type == "sling");
        var said = indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Notes;
        said.ShouldContain(n => n.Contains("left out of this audit", StringComparison.Ordinal) && n.Contains("the newest at 2999-01-01T00:00:00Z", StringComparison.Ordinal));
        indexed.Chains.Where(c => c.Chain.ToString() != IndexedFederation.AliceChain).ShouldAllBe(c => !c.Notes.Any(n => n.Contains("left out of this audit", StringComparison.Ordinal)));

        // The first page is the newest real work, and says the same of alice's chain though its window read none of it.
        var page = await town.Queries.AuditPageAsync(joe, null, 2, null, Ct);
        var loadedPage = await town.Queries.WithoutIndex().AuditPageAsync(joe, null, 2, null, Ct);
        sources.Take().ShouldBe(["index", "chains"]);
        page.Result.Entries.Select(e => e.Summary).ShouldBe(["bead=wb-1", "bead=wb-1"]);
        AuditAssert.Same(page.Result, loadedPage.Result);
        page.Result.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Notes.ShouldContain(n => n.Contains("the newest at 2999-01-01T00:00:00Z", StringComparison.Ordinal));
        await AuditAssert.PagesAreTheWholeAsync(town, joe, null, 1, indexed, "future-dated");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Commits_a_remote_dates_outside_the_calendar_are_counted_and_said_and_its_other_commits_stay_from_the_index_as_from_a_load()
    {
        // Alice's published branch as a hostile remote writes it by hand: commits of joe's dated 999999999999999 seconds
        // (the year 31 million), a second past the year 9999, a second before the year 1 and far before it. libgit2
        // reads each; no DateTimeOffset holds one: the walk of her history threw, and every audit left all her commits out,
        // said to the logger only. Beside them, dates at the calendar's edges that still name an instant (a local time
        // past it, an offset past 14 hours, 1970, before 1970), a commit whose committer date alone is out of range, and
        // one of the mayor's dated out of range. An event's date out of range is no date: its line is no event, counted
        // among its log's dropped lines (the observer's own log here; a remote's is read by the same two paths).
        using var federation = new IndexedFederation(observer: town => town
            .WithEvent("2026-01-01T08:00:00Z", "sling", Joe, """{"bead":"wb-1"}""")
            .WithEventLine("""{"ts":"10000-01-01T00:00:00Z","source":"gt","type":"sling","actor":"gastown/crew/joe","visibility":"feed"}""")
            .WithEventLine("""{"ts":"9999-12-31T23:59:59-01:00","source":"gt","type":"sling","actor":"gastown/crew/joe","visibility":"feed"}""")
            .WithEventLine("""{"ts":"0001-01-01T00:00:00+01:00","source":"gt","type":"sling","actor":"gastown/crew/joe","visibility":"feed"}""")
            .WithEventLine("""{"ts":"-0001-01-01T00:00:00Z","source":"gt","type":"sling","actor":"gastown/crew/joe","visibility":"feed"}"""));
        await federation.ConnectAsync(Ct);
        var git = federation.AliceGitUrl;
        var branch = "refs/heads/" + FederationRepository.PublishedBranch;
        var tip = GitCli.Run(git, "rev-parse", branch).Trim();
        var tree = GitCli.Run(git, "rev-parse", tip + "^{tree}").Trim();
        var shas = new Dictionary<string, string>();
        void Commit(string subject, string authorDate, string? committerDate = null, string author = Joe)
        {
            var file = federation.Temp($"commit-{shas.Count}");
            File.WriteAllText(file, $"tree {tree}\nparent {tip}\nauthor {author} <joe@example.com> {authorDate}\ncommitter {author} <joe@example.com> {committerDate ?? authorDate}\n\n{subject}\n");
            tip = GitCli.Run(git, "hash-object", "-t", "commit", "--literally", "-w", file).Trim();
            shas[subject] = tip[..8];
        }

        Commit("the year 31 million", "999999999999999 +0000");
        Commit("a second past 9999", "253402300800 +0000");
        Commit("the last second of 9999, an hour later there", "253402300799 +0100");
        Commit("a second before the year 1", "-62135596801 +0000");
        Commit("long before the year 1", "-999999999999 +0000");
        Commit("the first second of the year 1, an hour earlier there", "-62135596800 -0100");
        Commit("1970", "0 +0000");
        Commit("before 1970", "-5 +0000");
        Commit("an offset past 14 hours", "1767258000 +1430");
        Commit("committed in the year 31 million", "1767261600 +0000", "999999999999999 +0000");
        Commit("the mayor's, in the year 31 million", "999999999999999 +0000", author: "mayor");
        GitCli.Run(git, "update-ref", branch, tip);
        await federation.FetchAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var joe = ActorPattern.Parse(Joe);

        var indexed = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct);

        sources.Take().ShouldBe(["index", "chains"]);
        AuditAssert.Same(indexed, loaded);
        indexed.Entries.Where(e => e.Source == AuditSources.Git).Select(e => (e.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture), e.Summary)).ShouldBe(
        [
            ("2026-01-01T10:00:00.0000000+00:00", $"{shas["committed in the year 31 million"]} committed in the year 31 million"),
            ("2026-01-01T09:00:00.0000000+00:00", $"{shas["an offset past 14 hours"]} an offset past 14 hours"),
            ("1970-01-01T00:00:00.0000000+00:00", $"{shas["1970"]} 1970"),
            ("1969-12-31T23:59:55.0000000+00:00", $"{shas["before 1970"]} before 1970"),
            ("0001-01-01T00:00:00.0000000+00:00", $"{shas["the first second of the year 1, an hour earlier there"]} the first second of the year 1, an hour earlier there"),
        ]);
        var notes = indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Notes;
        notes.ShouldContain(n => n.StartsWith("it holds 4 commit(s) by the audited actors dated outside the years 1 to 9999 (the first, ", StringComparison.Ordinal)
            && n.Contains(" at 999999999999999 +0000 in Unix seconds)", StringComparison.Ordinal) && n.EndsWith("left out of this audit.", StringComparison.Ordinal), string.Join("\n", notes));
        notes.ShouldContain(n => n.Contains("the newest at 9999-12-31T23:59:59Z", StringComparison.Ordinal), string.Join("\n", notes));
        indexed.Chains.Where(c => c.Chain.ToString() != IndexedFederation.AliceChain).ShouldAllBe(c => !c.Notes.Any(n => n.Contains("commit(s)", StringComparison.Ordinal)));
        indexed.Entries.Where(e => e.Source == AuditSources.Events).Select(e => e.Summary).ShouldBe(["bead=wb-1"]);
        var observer = indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain);
        observer.DroppedLines.ShouldBe(4);
        observer.Notes.ShouldContain(n => n.StartsWith("its event log (.events.jsonl) holds 4 line(s) that are no events", StringComparison.Ordinal), string.Join("\n", observer.Notes));
        await AuditAssert.PagesAreTheWholeAsync(town, joe, null, 2, indexed, "out of range");
        var page = await town.Queries.AuditPageAsync(joe, null, 2, null, Ct);
        page.Result.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Notes.ShouldBe(notes);

        // Everyone's: the mayor's commit is counted too, and alice's own publish commits are there as they always were.
        var everyone = await town.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        AuditAssert.Same(everyone, await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct));
        everyone.Entries.ShouldContain(e => e.Source == AuditSources.Git && e.Summary.Contains(" Publish ", StringComparison.Ordinal));
        everyone.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Notes.ShouldContain(n => n.StartsWith("it holds 5 commit(s)", StringComparison.Ordinal));

        // Since 2026: what lies before the year 1 is before it too, not left out of it.
        var since = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var recent = await town.Queries.AuditAsync(joe, since, Ct);
        AuditAssert.Same(recent, await town.Queries.WithoutIndex().AuditAsync(joe, since, Ct));
        recent.Entries.Where(e => e.Source == AuditSources.Git).Count().ShouldBe(2);
        recent.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Notes.ShouldContain(n => n.StartsWith("it holds 2 commit(s)", StringComparison.Ordinal));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_commit_history_that_cannot_be_walked_is_said_in_its_chain_s_notes_from_the_index_as_from_a_load()
    {
        // The observer's own repository, its head a commit whose date git cannot read ("abc" seconds, written by hand: a
        // fetch refuses a remote holding one, but a town's own repository is walked as it is). The walk threw, and every
        // audit left all the town's commits out, said to the logger only.
        using var federation = new IndexedFederation(observer: town => town.WithEvent("2026-01-01T08:00:00Z", "sling", Joe, """{"bead":"wb-1"}"""));
        var root = federation.Observer.Root;
        federation.Observer.InitGitAndCommit();
        var tip = GitCli.Run(root, "rev-parse", "HEAD").Trim();
        var tree = GitCli.Run(root, "rev-parse", "HEAD^{tree}").Trim();
        var file = federation.Temp("forged-commit");
        File.WriteAllText(file, $"tree {tree}\nparent {tip}\nauthor {Joe} <joe@example.com> abc +0000\ncommitter {Joe} <joe@example.com> abc +0000\n\nundated\n");
        GitCli.Run(root, "update-ref", "HEAD", GitCli.Run(root, "hash-object", "-t", "commit", "--literally", "-w", file).Trim());
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var indexed = await town.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var loaded = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);

        sources.Take().ShouldBe(["index", "chains"]);
        AuditAssert.Same(indexed, loaded);
        indexed.Entries.ShouldContain(e => e.Summary == "bead=wb-1");
        indexed.Entries.ShouldContain(e => e.Source == AuditSources.Git && e.Uri!.Value.ToString() == IndexedFederation.AliceChain, "alice's history is walked as ever");
        var notes = indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain).Notes;
        notes.ShouldContain("its commit history could not be read to its end (failed to parse signature - invalid Unix timestamp): commits of it may be missing from this audit.", string.Join("\n", notes));
        var page = await town.Queries.AuditPageAsync(ActorPattern.Any, null, 1, null, Ct);
        page.Result.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain).Notes.ShouldBe(notes);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Entries_that_differ_only_in_their_offset_keep_one_order_on_every_page()
    {
        // Twenty events each written twice, at Z and at +02:00: the same instant, source, type, actor and summary, so the
        // page token cannot tell a twin from the other; the audit's order must (each page sorts only its own window, and
        // a sort of more than 16 entries does not keep the input's order of equal ones).
        using var federation = new IndexedFederation(observer: town =>
        {
            for (var n = 0; n < 20; n++)
            {
                var at = new DateTimeOffset(2026, 1, 1, 7, n, 0, TimeSpan.Zero);
                foreach (var offset in new[] { TimeSpan.Zero, TimeSpan.FromHours(2) })
                {
                    town.WithEvent(at.ToOffset(offset).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), "sling", Joe, """{"bead":"wb-1"}""");
                }
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var joe = ActorPattern.Parse(Joe);
        var whole = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        whole.Entries.Count(e => e.Source == AuditSources.Events).ShouldBe(40);
        AuditAssert.Same(whole, await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct));
        foreach (var size in new[] { 1, 3, 7 })
        {
            await AuditAssert.PagesAreTheWholeAsync(town, joe, null, size, whole, "twins");
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_page_of_an_audit_parses_the_lines_of_its_window_however_deep_it_is()
    {
        // 300 units of joe's, one a minute, each also commented on by the mayor a day later: the audit of joe is 300
        // entries, and a unit created long ago and commented on since is found at each of its own seconds.
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        using var federation = new IndexedFederation(gastown: rig =>
        {
            for (var n = 0; n < 300; n++)
            {
                var at = start.AddMinutes(n);
                rig.WithIssueLine($$"""{"id":"gt-{{n + 100}}","title":"Unit {{n}}","status":"open","priority":2,"issue_type":"task","created_at":"{{Stamp(at)}}","created_by":"{{Joe}}","updated_at":"{{Stamp(at)}}","comments":[{"id":{{n}},"issue_id":"gt-{{n + 100}}","author":"mayor","text":"seen","created_at":"{{Stamp(at.AddDays(1))}}"}]}""");
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var joe = ActorPattern.Parse(Joe);
        var whole = await town.Queries.AuditAsync(joe, cancellationToken: Ct);
        whole.Entries.Count(e => e.Source == AuditSources.Beads).ShouldBe(300);

        var paged = new List<AuditEntry>();
        var parsed = new List<long>();
        string? after = null;
        do
        {
            var before = town.Index.LinesParsedForAnswers;
            var page = await town.Queries.AuditPageAsync(joe, null, 10, after, Ct);
            parsed.Add(town.Index.LinesParsedForAnswers - before);
            paged.AddRange(page.Result.Entries);
            after = page.Next;
        }
        while (after is not null);

        paged.Select(e => e.ToString()).ShouldBe(whole.Entries.Select(e => e.ToString()));
        AllFromIndex(sources.Take());

        // Each page parses the units of its window (its 10 entries and the one after them), never the 300 (every page
        // parsed all 300 before); the event lines of the town's own log are few and all read by the first pages.
        parsed.Count.ShouldBeGreaterThanOrEqualTo(30);
        parsed.ShouldAllBe(n => n <= 12, $"lines parsed per page: {string.Join(", ", parsed)}");

        // The mayor's comments a day later: each unit's second entry, paged as well.
        var mayor = await town.Queries.AuditPageAsync(ActorPattern.Parse("mayor"), null, 5, null, Ct);
        mayor.Result.Entries.Select(e => e.Summary).ShouldBe(Enumerable.Range(0, 5).Select(n => $"commented on gt-{399 - n}: seen"));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Walking_an_audit_reads_each_page_s_window_and_gives_the_whole_audit_once_in_order()
    {
        // 300 units of joe's, one a minute: a walk of pages of 10 is 30 pages, each parsing its own window only.
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var federation = new IndexedFederation(gastown: rig =>
        {
            for (var n = 0; n < 300; n++)
            {
                var at = start.AddMinutes(n).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                rig.WithIssue($"gt-{n + 100}", $"Unit {n}", i => i.CreatedBy(Joe).CreatedAt(at).UpdatedAt(at));
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var joe = ActorPattern.Parse(Joe);
        var whole = await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct);
        whole.Entries.Count.ShouldBe(300);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        using var sources = new QuerySources();

        var walked = new List<AuditEntry>();
        var parsed = new List<long>();
        var before = town.Index.LinesParsedForAnswers;
        await foreach (var page in town.Queries.WalkAuditAsync(joe, pageSize: 10, cancellationToken: Ct))
        {
            parsed.Add(town.Index.LinesParsedForAnswers - before);
            before = town.Index.LinesParsedForAnswers;
            page.Result.Entries.Count.ShouldBe(10);
            AuditAssert.Same(page.Result with { Entries = whole.Entries }, whole);
            walked.AddRange(page.Result.Entries);
        }

        AuditAssert.Same(whole with { Entries = walked }, whole);
        sources.TakeSteps().ShouldBe(Enumerable.Repeat<(string?, string?)>(("audit.walk", "index"), 30));
        parsed.ShouldAllBe(n => n <= 12, $"lines parsed per page: {string.Join(", ", parsed)}");
        Should.Throw<FederationQueryException>(() => town.Queries.WalkAuditAsync(joe, pageSize: 0)).Error.ShouldBe(FederationQueryError.BadInput);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Where_the_index_cannot_answer_an_audit_walk_loads_once_and_cuts_every_page_from_it()
    {
        // Alice's chain is one the index cannot describe exactly: every audit loads every chain.
        using var federation = new IndexedFederation(web: rig => rig.WithIssue("wb-3", "Joe's", i => i.CreatedBy(Joe)), gastown: rig =>
        {
            for (var n = 0; n < 5; n++)
            {
                rig.WithIssue($"gt-{n + 10}", $"Unit {n}", i => i.CreatedBy(Joe).CreatedAt($"2026-01-01T0{n}:00:00Z"));
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        IndexFile.MarkNotExact(town.Index.DatabasePath, IndexedFederation.AliceChain);
        using var sources = new QuerySources();
        var whole = await town.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        whole.Entries.Count.ShouldBeGreaterThan(4);
        sources.Take().ShouldBe(["chains"]);

        var pages = new List<AuditPage>();
        await foreach (var page in town.Queries.WalkAuditAsync(ActorPattern.Any, pageSize: 1, cancellationToken: Ct))
        {
            pages.Add(page);
        }

        // One load for the whole walk, however many pages; the pages and their tokens are those of the page query.
        sources.Take().ShouldBe(["chains"]);
        pages.Count.ShouldBe(whole.Entries.Count);
        AuditAssert.Same(whole with { Entries = [.. pages.SelectMany(p => p.Result.Entries)] }, whole);
        pages[^1].Next.ShouldBeNull();
        var second = await town.Queries.AuditPageAsync(ActorPattern.Any, null, 1, pages[0].Next, Ct);
        second.Next.ShouldBe(pages[1].Next);
    }

    // Every query since the last look answered from the index, and there was at least one.
    private static void AllFromIndex(IReadOnlyList<string?> taken)
    {
        taken.ShouldNotBeEmpty();
        taken.ShouldAllBe(s => s == "index");
    }

    // Units whose creators, closing assignees, comment authors and dependency creators are drawn from the actors.
    private static void AddRandomUnits(RigBuilder rig, string prefix, int count, Random random, Func<string> actor, Func<string> stamp)
    {
        for (var n = 1; n <= count; n++)
        {
            var id = $"{prefix}{n + 10}";
            var closed = random.Next(2) == 0;
            var line = new System.Text.StringBuilder($$"""{"id":"{{id}}","title":"Unit {{n}} of {{prefix}}","status":"{{(closed ? "closed" : "open")}}","priority":2,"issue_type":"task","created_at":"{{stamp()}}","created_by":"{{actor()}}","updated_at":"{{stamp()}}" """.TrimEnd());
            if (random.Next(2) == 0)
            {
                line.Append($$""","assignee":"{{actor()}}" """.TrimEnd());
            }

            if (closed && random.Next(2) == 0)
            {
                line.Append($$""","closed_at":"{{stamp()}}","close_reason":"done {{n}}" """.TrimEnd());
            }

            if (random.Next(2) == 0)
            {
                line.Append($$""","comments":[{"id":{{n}},"issue_id":"{{id}}","author":"{{actor()}}","text":"First line {{n}}\nsecond","created_at":"{{stamp()}}"}]""");
            }

            if (n > 1 && random.Next(2) == 0)
            {
                line.Append($$""","dependencies":[{"issue_id":"{{id}}","depends_on_id":"{{prefix}}{{n + 9}}","type":"blocks","created_at":"{{stamp()}}","created_by":"{{actor()}}"}]""");
            }

            rig.WithIssueLine(line.Append('}').ToString());
        }
    }

    // Alice (remote, her feed events published) and the observer (local) with events, units and comments of joe, the
    // mayor and the polecats, as Query's own audit tests use them.
    [Fact]
    public async Task Actor_names_are_matched_as_the_pattern_folds_them_and_forgotten_when_no_row_uses_them()
    {
        // U+212A KELVIN SIGN lowers to 'k' (invariant culture), so "kate" matches "\u212Aate" as ActorPattern matches it,
        // and the folded name must say so (SQLite's own case folding is ASCII only).
        const string Kelvin = "\u212Aate";
        var ghosts = Enumerable.Range(0, 300).Select(i => $$"""{"id":"gt-g{{i}}","title":"Ghost {{i}}","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T10:00:00Z","created_by":"ghost/{{i}}","updated_at":"2026-01-01T10:00:00Z"}""");
        var kate = $$"""{"id":"gt-k","title":"By Kate","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T10:00:00Z","created_by":"{{Kelvin}}","updated_at":"2026-01-01T10:00:00Z"}""";
        using var federation = new IndexedFederation(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', ghosts.Append(kate)) + "\n"));
        await federation.ConnectAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            await town.Index.RefreshAsync(cancellationToken: Ct);
            foreach (var pattern in new[] { "kate", "KATE", "k*", "ka?e", "*ate", "ghost/1*" })
            {
                var actor = ActorPattern.Parse(pattern);
                AuditAssert.Same(await town.Queries.AuditAsync(actor, cancellationToken: Ct), await town.Queries.WithoutIndex().AuditAsync(actor, cancellationToken: Ct));
            }

            (await town.Queries.AuditAsync(ActorPattern.Parse("kate"), cancellationToken: Ct)).Entries.ShouldContain(e => e.Actor == Kelvin);
            Count(town.Index.DatabasePath, "SELECT count(*) FROM actors WHERE name LIKE 'ghost/%'").ShouldBe(300);
        }

        // The remote drops its ghosts: their names go with their rows.
        File.WriteAllText(federation.Alice.IssuesPathOf("gastown"), kate + "\n");
        await federation.PublishAliceAsync(Ct);
        await federation.FetchAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            await town.Index.RefreshAsync(cancellationToken: Ct);
            Count(town.Index.DatabasePath, "SELECT count(*) FROM actors WHERE name LIKE 'ghost/%'").ShouldBe(0);
            (await town.Queries.AuditAsync(ActorPattern.Parse("kate"), cancellationToken: Ct)).Entries.ShouldContain(e => e.Actor == Kelvin);
        }
    }

    [Fact]
    public void A_literal_actor_or_a_literal_start_is_found_by_the_folded_names_index()
    {
        ActorFolding.RangeOf("Gastown/Crew/JOE").ShouldBe(("gastown/crew/joe", "gastown/crew/jof"));
        ActorFolding.RangeOf("gastown/*").ShouldBe(("gastown/", "gastown0"));
        ActorFolding.RangeOf("ga?town").ShouldBe(("ga", "gb"));
        ActorFolding.RangeOf("*/polecats/*").ShouldBeNull();
        ActorFolding.RangeOf("?ayor").ShouldBeNull();
        ActorFolding.Fold("\u212Aate").ShouldBe("kate");

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        IndexSchema.Migrate(connection).ShouldBeTrue();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT id, name FROM actors WHERE folded >= 'gastown/' AND folded < 'gastown0'";
        using var reader = command.ExecuteReader();
        reader.Read().ShouldBeTrue();
        reader.GetString(3).ShouldContain("USING INDEX actors_folded");
    }

    private static long Count(string databasePath, string sql)
    {
        using var connection = IndexFile.Open(databasePath);
        return Convert.ToInt64(IndexFile.Scalar(connection, sql), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IndexedFederation AuditFederation() => new(
        alice: town => town
            .WithEvent("2026-01-01T08:00:00Z", "sling", Joe, """{"bead":"gt-1","target":"gastown/polecats/nux"}""")
            .WithEvent("2026-01-01T09:00:00Z", "done", "gastown/polecats/nux", """{"bead":"gt-1","branch":"polecat/nux"}""")
            .WithEvent("2026-01-01T11:00:00Z", "handoff", "mayor", """{"to_session":"deacon"}""", visibility: "audit")
            .WithEvent("2026-01-01T14:00:00Z", "merged", "gastown/refinery", """{"branch":"polecat/nux","mr":"gt-1","worker":"nux"}""", visibility: "both"),
        gastown: rig => rig
            .WithIssue("gt-3", "Fix login", i => i.CreatedBy(Joe).CreatedAt("2025-12-31T10:00:00Z")
                .Assignee("gastown/polecats/nux").DependsOn("gt-1", createdBy: "mayor").Closed("2026-01-01T09:30:00Z", "fixed"))
            .WithIssue("gt-4", "Design auth", i => i.CreatedBy("mayor").CreatedAt("2025-12-30T09:00:00Z")),
        web: rig => rig
            .WithIssueLine("""{"id":"wb-3","title":"Question","status":"open","priority":2,"issue_type":"task","created_at":"2025-12-29T09:00:00Z","created_by":"deacon","updated_at":"2026-01-02T11:00:00Z","comments":[{"id":7,"issue_id":"wb-3","author":"gastown/crew/joe","text":"Looks good\nsee the PR","created_at":"2026-01-02T11:00:00Z"}]}"""),
        observer: town => town
            .WithEvent("2025-12-28T10:00:00Z", "sling", Joe, """{"bead":"wb-3"}""")
            .WithEvent("2026-01-01T12:00:00Z", "boot", "deacon-boot", """{"agents":["witness"],"rig":"web"}""")
            .WithEvent("2026-01-01T13:00:00Z", "nudge", "beads/polecats/slit", """{"reason":"stuck","rig":"beads"}""", visibility: "audit"))
    { PublishFeedEvents = true };
}
