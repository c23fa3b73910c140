using GasTown.Federation.Hosting;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A chain with lines a load drops or warns about (someone else's malformed line, the usual hostile case) is described by
/// the index as loading it would be: its dropped lines, notices and problems stored when it was indexed. Before, the
/// index declined such a chain, and every federation-wide query (the whole ready list, its pages and gaps, organisation
/// lists) loaded every chain while it was known. Real towns, real git, real SQLite.
/// </summary>
public sealed class IrregularLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One line of each kind a load drops or reads with a warning, written after alice's own issues, with how many lines it drops.</summary>
    public static TheoryData<string, string, int> Lines => new()
    {
        { "not JSON", "{not json", 1 },
        { "not a work unit", "[1, 2, 3]", 1 },
        { "without id", """{"title":"No id","status":"open"}""", 1 },
        { "an unknown export type", """{"_type":"widget","id":"w-1"}""", 0 },
        { "nested too deep", "{\"id\":\"gt-9\",\"x\":" + new string('[', 200) + new string(']', 200) + "}", 1 },

        // gt-2 again, no longer waiting on gt-1: the last line of an id is the unit (as upstream's import reads it), the
        // earlier one a warning and a line no query sees. It made the chain one only a load described (the load listed
        // both lines); then both counted no dropped line for it.
        { "an id repeated in a file", """{"id":"gt-2","title":"Needs gt-1, said again","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""", 1 },

        // A cross-reference with no id, which no route resolves: a load reports it, and resolves it (to nothing) as the
        // index does. It too made the chain one only a load described.
        { "a cross-reference no route resolves", """{"id":"gt-9","title":"Waits on a reference with no id","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","dependencies":[{"issue_id":"gt-9","depends_on_id":"external:beads","type":"blocks","created_at":"2026-01-01T00:00:00Z","created_by":"daemon"}]}""", 0 },

        // A record no gt:// URI can name: dropped by both, seen by no query. It too made the chain one only a load described.
        { "an id no gt:// URI can name", """{"id":"no prefix","title":"An id with a space and no prefix","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""", 1 },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public async Task A_remote_s_irregular_line_is_said_from_the_index_as_a_load_says_it(string kind, string line, int dropped)
    {
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssue("gt-3", "Open, waits on nothing").WithIssueLine(line));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        // The whole ready list, every walk of its pages, its blocked counts and gaps: from the index, the same as loaded.
        var loaded = await ReadyAssert.SameFromIndexAsync(town, sources, kind, 1, 2, 50);
        var alice = loaded.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain);
        alice.DroppedLines.ShouldBe(dropped, kind);
        // Each note names the line, but the load names the file and the id only for an unnamable id or reference.
        var where = kind switch
        {
            "an id no gt:// URI can name" => "issues.jsonl: work id 'no prefix'",
            "a cross-reference no route resolves" => "issues.jsonl: gt-9 depends on 'external:beads'",
            _ => "issues.jsonl:4",
        };
        alice.Notes.ShouldContain(n => n.Contains(where, StringComparison.Ordinal), $"{kind}: {string.Join(" | ", alice.Notes)}");

        // A search page and the change feed carry the chain as the load states it (they said nothing of the lines left out).
        var searched = (await town.Index.SearchAsync("waits", new IndexQuery { Limit = 5 }, Ct)).Chains.Single(c => c.Uri.ToString() == IndexedFederation.AliceChain);
        var fed = (await town.Index.GetChangesAsync(null, 5, Ct)).Chains.Single(c => c.Uri.ToString() == IndexedFederation.AliceChain);
        fed.ShouldBe(searched, kind); // two reads of the same state are equal, notes and all
        foreach (var state in new[] { searched.ToChainState(), fed.ToChainState() })
        {
            state.DroppedLines.ShouldBe(dropped, kind);
            state.Notes.ShouldBe(alice.Notes, kind);
        }

        // Show of one of its units: from the index, the chain's state as the load gives it (dropped lines, notices, problems).
        var reference = IndexedFederation.AliceChain + "/gastown/gt-3";
        var shown = await town.Queries.ShowAsync(reference, Ct);
        sources.Take().ShouldBe(["index"], kind);
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
        shown.Chains[0].DroppedLines.ShouldBe(dropped, kind);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_search_page_says_a_chain_s_notes_as_the_query_path_does_when_it_has_many_problems()
    {
        // From the review: a page carried every problem the index kept of a chain (up to MaxDiagnostics, a thousand),
        // where a query's chain state keeps 20 notes; a remote of many broken lines made every page that long.
        using var federation = new IndexedFederation(gastown: rig =>
        {
            rig.WithIssue("gt-3", "Open, waits on nothing");
            for (var i = 0; i < 30; i++)
            {
                rig.WithIssueLine("{not json " + i);
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();

        var loaded = (await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct)).Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain);
        var searched = (await town.Index.SearchAsync("waits", new IndexQuery { Limit = 5 }, Ct)).Chains.Single(c => c.Uri.ToString() == IndexedFederation.AliceChain);
        loaded.Notes.Count.ShouldBe(20);
        searched.ToChainState().Notes.ShouldBe(loaded.Notes);
        searched.DroppedLines.ShouldBe(30);
    }

    [Fact]
    public async Task Invalid_utf8_an_over_long_line_and_a_cut_off_line_are_said_from_the_index_with_their_reasons()
    {
        var good = """{"id":"gt-1","title":"Open","status":"open","priority":2,"issue_type":"task","created_at":"2025-12-30T10:00:00Z","updated_at":"2025-12-30T10:00:00Z"}""";
        var bad = """{"id":"gt-2","title":"Bad XX bytes","status":"open","priority":2,"issue_type":"task","created_at":"2025-12-30T10:00:00Z","updated_at":"2025-12-30T10:00:00Z"}""";
        // And a last line cut off (no line feed, not JSON).
        var text = good + "\n" + bad + "\n" + "{\"id\":\"gt-3\",\"title\":\"" + new string('x', 3_000) + "\"}\n" + "{\"id\":\"gt-4\",\"tit";
        var issues = System.Text.Encoding.ASCII.GetBytes(text);
        issues[text.IndexOf("XX", StringComparison.Ordinal)] = 0xFF;
        using var federation = new IndexedFederation(aliceIssues: issues);
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxLineBytes = 2_000));
        using var sources = new QuerySources();

        var loaded = await ReadyAssert.SameFromIndexAsync(town, sources, "invalid UTF-8, a line over the limit, a line cut off", 1, 50);
        var alice = loaded.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain);
        alice.DroppedLines.ShouldBe(3);
        alice.Notes.ShouldContain(n => n.Contains("3 line(s)", StringComparison.Ordinal) && n.Contains("with invalid UTF-8", StringComparison.Ordinal)
            && n.Contains("over the line-length limit", StringComparison.Ordinal) && n.Contains("cut off", StringComparison.Ordinal));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Problems_past_the_kept_number_are_said_from_the_index_and_a_process_with_other_limits_loads()
    {
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssueLine("{not json").WithIssueLine("[]").WithIssueLine("{\"title\":\"no id\"}"));
        await federation.ConnectAsync(Ct);
        using var sources = new QuerySources();
        var reference = IndexedFederation.AliceChain + "/gastown/gt-2";
        await using (var town = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDiagnostics = 2)))
        {
            var shown = await town.Queries.ShowAsync(reference, Ct);
            sources.Take().ShouldBe(["index"]);
            ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
            shown.Chains[0].Notes.ShouldContain(n => n.Contains("problems in its files; the first 2 are kept", StringComparison.Ordinal));
            shown.Chains[0].Notes.ShouldContain(n => n.Contains("and more not itemised", StringComparison.Ordinal));
        }

        // The notes were said within MaxDiagnostics 2; a process keeping the default number would be told more: it loads.
        sources.Take();
        await using (var town = federation.OpenObserver())
        {
            var shown = await town.Queries.ShowAsync(reference, Ct);
            sources.Take().ShouldBe(["chains"]);
            ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
            shown.Chains[0].Notes.ShouldNotContain(n => n.Contains("are kept", StringComparison.Ordinal));
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_stale_one_rig_remote_s_notes_come_in_the_load_s_order()
    {
        // An upstream beads file (one rig at the repository's root) with a line that is not JSON: the provider's staleness,
        // then the chain's own notices (identity, lines dropped), then its problems, as a load orders them.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var repository = federation.CommitOneRigRepository("one-rig", "{not json\n");
        var chain = GtUri.Parse("gt://steve@example.com/beads");
        var id = WorkUnitJson.Read(File.ReadLines(Fixtures.BeadsSyncIssues).First()).Id;
        await using (var registering = federation.OpenObserver())
        {
            registering.Remotes.Add("beads", repository, chain, rig: "beads");
            (await registering.FetchAsync("beads", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        }

        await using var town = federation.OpenObserver(b => b.Services.Configure<GasTown.Federation.GitTransport.GitTransportOptions>(o => o.StaleAfter = TimeSpan.FromTicks(1)));
        using var sources = new QuerySources();
        var reference = $"{chain}/beads/{id}";
        var shown = await town.Queries.ShowAsync(reference, Ct);
        sources.Take().ShouldBe(["index"]);
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
        var notes = shown.Chains.Single(c => c.Chain == chain).Notes;
        notes.Count.ShouldBe(4);
        notes[0].ShouldContain("longer ago than 1 s, after which this host calls data stale");
        notes[1].ShouldContain("is a one-rig repository");
        notes[2].ShouldContain("1 line(s) of its issues files hold no work unit");
        notes[3].ShouldContain("not valid JSON");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task An_id_whose_uri_would_be_too_long_is_a_line_both_drop_and_said_from_the_index()
    {
        // The remote's names at their longest (a 247-character domain, a 64-character chain and rig) and a 128-character id:
        // the id is valid, but its gt:// URI would be 513 characters, past GtUriLimits.MaxUriLength. The index dropped the
        // line while the load counted it as no dropped line (its rule was the id alone): they disagreed, and every query
        // touching the chain loaded it whole.
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var longId = "bd-" + new string('a', 125);
        var line = $$"""{"id":"{{longId}}","title":"An id too long for this chain's URIs","status":"open","priority":1,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""";
        var repository = federation.CommitOneRigRepository("long-names", line + "\n");
        var domain = string.Join('.', Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 60))) + ".com";
        var chain = GtUri.Parse($"gt://x@{domain}/{new string('c', 64)}");
        var rig = new string('r', 64);
        $"{chain}/{rig}/{longId}".Length.ShouldBe(GtUriLimits.MaxUriLength + 1);
        await using (var registering = federation.OpenObserver())
        {
            registering.Remotes.Add("long", repository, chain, rig: rig);
            (await registering.FetchAsync("long", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        }

        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var id = WorkUnitJson.Read(File.ReadLines(Fixtures.BeadsSyncIssues).First()).Id;
        var reference = $"{chain}/{rig}/{id}";
        var shown = await town.Queries.ShowAsync(reference, Ct);
        sources.Take().ShouldBe(["index"]);
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
        var state = shown.Chains.Single(c => c.Chain == chain);
        state.DroppedLines.ShouldBe(1);
        state.Notes.ShouldContain(n => n.Contains(longId, StringComparison.Ordinal), string.Join(" | ", state.Notes));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task The_local_town_s_irregular_line_is_said_from_the_index()
    {
        using var federation = new IndexedFederation(web: rig => rig.WithIssueLine("{not json"));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var loaded = await ReadyAssert.SameFromIndexAsync(town, sources, "local", 1, 50);
        loaded.Chains.Single(c => c.Chain == town.Chain).DroppedLines.ShouldBe(1);
        var shown = await town.Queries.ShowAsync("wb-2", Ct);
        sources.Take().ShouldBe(["index"]);
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync("wb-2", Ct));
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task An_id_in_two_rigs_is_its_owner_rig_s_unit_from_the_index_as_each_commit_says_it()
    {
        // Alice's api rig holds a closed copy of gt-1, which gastown (where gt- routes) holds open; ap-1 waits on gt-1.
        // An id names one unit of a chain: gastown's, whatever rig a URI names. And ap-2 is in both, owned by api (the
        // second rig, where ap- routes). Before, the chain was one only a load described: every query touching it, in
        // every process, loaded it whole (a remote's one extra line did that).
        var copy = """{"id":"gt-1","title":"A copy in api","status":"closed","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","closed_at":"2026-01-01T00:00:00Z"}""";
        using var federation = new IndexedFederation(
            gastown: rig => rig.WithIssue("ap-2", "Gastown's copy of ap-2"),
            alice: town => town.WithRig("api", "ap-", rig => rig
                .WithIssue("ap-1", "Waits on gt-1", i => i.DependsOn("gt-1"))
                .WithIssue("ap-2", "Api's own ap-2", i => i.DependsOn("ap-1"))
                .WithIssueLine(copy))) { AliceRigs = ["gastown", "api"] };
        await federation.ConnectAsync(Ct);
        var gastown = federation.Alice.IssuesPathOf("gastown");
        var withGt1 = await File.ReadAllTextAsync(gastown, Ct);
        var withoutGt1 = string.Concat(withGt1.Split('\n').Where(l => !l.Contains("\"id\":\"gt-1\"", StringComparison.Ordinal)).Select(l => l.Length == 0 ? "" : l + "\n"));
        withoutGt1.Length.ShouldBeLessThan(withGt1.Length);
        string? resume = null;

        foreach (var (step, owner, title, changes) in new[]
        {
            ("both rigs hold gt-1", "gastown", "Ship the index", Array.Empty<string>()),
            ("gastown drops it", "api", "A copy in api", ["api/gt-1 created", "gastown/gt-1 removed"]),
            ("gastown holds it again", "gastown", "Ship the index", ["api/gt-1 removed", "gastown/gt-1 created"]),
        })
        {
            if (resume is not null)
            {
                await File.WriteAllTextAsync(gastown, owner == "api" ? withoutGt1 : withGt1, Ct);
                await federation.PublishAliceAsync(Ct);
                await federation.FetchAsync(Ct);
            }

            await using var town = federation.OpenObserver();
            var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
            using var sources = new QuerySources();

            // The whole ready list, its walks, blocked counts and gaps, and show by any rig's URI: from the index, as loaded.
            var loaded = await ReadyAssert.SameFromIndexAsync(town, sources, step, 1, 50);
            var reference = IndexedFederation.AliceChain + "/api/gt-1";
            var shown = await town.Queries.ShowAsync(reference, Ct);
            sources.Take().ShouldBe(["index"], step);
            ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
            shown.WorkUnit.Uri.ToString().ShouldBe($"{IndexedFederation.AliceChain}/{owner}/gt-1", step);
            shown.WorkUnit.Title.ShouldBe(title, step);
            sources.Take();
            var listed = await town.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
            sources.Take().ShouldBe(["index"], step);
            ShowAssert.SameUnits(listed.Items, (await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct)).Items);
            listed.Items.Count(u => u.Uri.WorkId == "gt-1").ShouldBe(1, step);
            listed.Items.Single(u => u.Uri.WorkId == "ap-2").Uri.ToString().ShouldBe(IndexedFederation.AliceChain + "/api/ap-2", step);
            sources.Take();
            var ap2 = await town.Queries.ShowAsync(IndexedFederation.AliceChain + "/gastown/ap-2", Ct);
            sources.Take().ShouldBe(["index"], step);
            ShowAssert.Same(ap2, await town.Queries.WithoutIndex().ShowAsync(IndexedFederation.AliceChain + "/gastown/ap-2", Ct));
            ap2.WorkUnit.Title.ShouldBe("Api's own ap-2", step);
            var alice = loaded.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain);
            alice.Notes.Any(n => n.Contains("'gt-1' is also in rig 'gastown'", StringComparison.Ordinal)).ShouldBe(owner == "gastown", $"{step}: {string.Join(" | ", alice.Notes)}");

            // The change feed says which unit the id named before and after; the api file, unchanged, is read again (its
            // left-out line parsed, the others skipped by their hashes) while gastown may have dropped the id.
            var feed = await town.Index.GetChangesAsync(resume, cancellationToken: Ct);
            feed.Items.Where(c => c.Uri.WorkId == "gt-1").Select(c => $"{c.Uri.Rig}/{c.Uri.WorkId} {c.Kind}").Order(StringComparer.Ordinal).ShouldBe(changes, ignoreOrder: false, step);
            if (resume is not null)
            {
                refresh.LinesParsed.ShouldBeLessThanOrEqualTo(2, step);
            }

            resume = feed.Resume;
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_line_broken_then_mended_then_broken_again_is_said_as_each_commit_says_it()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var issuesPath = federation.Alice.IssuesPathOf("gastown");
        var mended = await File.ReadAllTextAsync(issuesPath, Ct);
        var reference = IndexedFederation.AliceChain + "/gastown/gt-2";

        foreach (var (step, text, dropped) in new[] { ("broken", mended + "{not json\n", 1), ("mended", mended, 0), ("broken twice", mended + "{not json\n[]\n", 2) })
        {
            await File.WriteAllTextAsync(issuesPath, text, Ct);
            await federation.PublishAliceAsync(Ct);
            await federation.FetchAsync(Ct);
            await using var town = federation.OpenObserver();
            using var sources = new QuerySources();

            var shown = await town.Queries.ShowAsync(reference, Ct);
            sources.Take().ShouldBe(["index"], step);
            var loaded = await town.Queries.WithoutIndex().ShowAsync(reference, Ct);
            ShowAssert.Same(shown, loaded);
            shown.Chains[0].DroppedLines.ShouldBe(dropped, step);
            shown.Chains[0].Notes.Any(n => n.Contains("hold no work unit", StringComparison.Ordinal)).ShouldBe(dropped > 0, step);
        }

        federation.AssertIndexNeverFailed();
    }

    [Theory]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(29)]
    public async Task An_older_file_indexes_its_irregular_chains_again_and_then_says_them_from_the_index(int version)
    {
        // A malformed line; for version 16, an id repeated in the file, and for 17, an id in two rigs: each left to a load
        // at query time by that version; for 29, an id repeated in the file, whose earlier line that version did not count
        // as dropped (nor did its notes).
        using var federation = new IndexedFederation(
            gastown: rig => _ = version switch { 16 => rig.WithIssue("gt-2", "Needs gt-1, said again"), 29 => rig.WithIssue("gt-2", "Needs gt-1, said again"), 17 => rig, _ => rig.WithIssueLine("{not json") },
            alice: town => _ = version == 17 ? town.WithRig("api", "ap-", rig => rig.WithIssue("gt-2", "A copy in api")) : town)
        { AliceRigs = version == 17 ? ["gastown", "api"] : ["gastown"] };
        await federation.ConnectAsync(Ct);
        await using (var first = federation.OpenObserver())
        {
            await first.Index.RefreshAsync(cancellationToken: Ct);
        }

        // Back to version 13 (no kind for a note, the irregular chain not exact), 14 (its notes kept, without the limits
        // they were read within; neither has notes_limits), 16 (a chain with a repeated id not exact) or 17 (no left_out;
        // a chain with an id in two rigs not exact, with a row in each rig).
        await using var town = federation.OpenObserver();
        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Execute(connection, version switch
            {
                13 => $"""
                    DELETE FROM chain_notes WHERE kind IS NOT NULL;
                    ALTER TABLE chain_notes DROP COLUMN kind;
                    ALTER TABLE chains DROP COLUMN notes_limits;
                    UPDATE chains SET exact = 0 WHERE uri = '{IndexedFederation.AliceChain}';
                    UPDATE meta SET value = '13' WHERE key = 'schema_version';
                    """,
                29 => $"""
                    UPDATE chains SET dropped = 0 WHERE uri = '{IndexedFederation.AliceChain}';
                    UPDATE meta SET value = '29' WHERE key = 'schema_version';
                    """,
                14 => """
                    ALTER TABLE chains DROP COLUMN notes_limits;
                    UPDATE meta SET value = '14' WHERE key = 'schema_version';
                    """,
                16 => $"""
                    UPDATE chains SET exact = 0 WHERE uri = '{IndexedFederation.AliceChain}';
                    UPDATE meta SET value = '16' WHERE key = 'schema_version';
                    """,
                _ => $"""
                    INSERT INTO units(chain_id, file_id, rig, unit_id, uri, hash, status, issue_type, priority, assignee, line, warn, delegates, pinned, defer_until)
                        SELECT u.chain_id, f.id, 'api', u.unit_id, replace(u.uri, '/gastown/', '/api/'), u.hash, u.status, u.issue_type, u.priority, u.assignee, u.line, u.warn, u.delegates, u.pinned, u.defer_until
                        FROM units u JOIN files f ON f.chain_id = u.chain_id AND f.rig = 'api' WHERE u.unit_id = 'gt-2' AND u.rig = 'gastown';
                    ALTER TABLE files DROP COLUMN left_out;
                    UPDATE chains SET exact = 0 WHERE uri = '{IndexedFederation.AliceChain}';
                    UPDATE meta SET value = '17' WHERE key = 'schema_version';
                    """,
            });
        }

        var refresh = await town.Index.RefreshAsync(cancellationToken: Ct);
        // Alice's chain is indexed again; its unchanged file is not read again, but for 16: a file that repeats an id is read
        // again by version 19 to measure its longest line, and the repeated id's two lines are parsed (the last one wins);
        // and for 13 and 14: a file with a dropped line is read again by version 29 to count that line's dependency edges,
        // which parses that line alone (the others hold rows of the same bytes).
        refresh.Chains.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Updated.ShouldBeTrue();
        refresh.LinesParsed.ShouldBe(version switch { 16 => 2, 13 or 14 => 1, _ => 0 });
        using var sources = new QuerySources();
        var reference = IndexedFederation.AliceChain + "/gastown/gt-2";
        var shown = await town.Queries.ShowAsync(reference, Ct);
        sources.Take().ShouldBe(["index"]);
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync(reference, Ct));
        shown.Chains[0].DroppedLines.ShouldBe(1);
        if (version is 16 or 29)
        {
            shown.WorkUnit.Title.ShouldBe("Needs gt-1, said again"); // the last line
        }

        if (version == 17)
        {
            // The api row is left out; gastown's is the unit, whichever rig the URI names.
            sources.Take();
            var copy = await town.Queries.ShowAsync(IndexedFederation.AliceChain + "/api/gt-2", Ct);
            sources.Take().ShouldBe(["index"]);
            copy.WorkUnit.Uri.ToString().ShouldBe(reference);
            using var connection = IndexFile.Open(town.Index.DatabasePath);
            IndexFile.Scalar(connection, "SELECT count(*) FROM units WHERE unit_id = 'gt-2'").ShouldBe(1L);
            IndexFile.Scalar(connection, "SELECT left_out FROM files WHERE rig = 'api'").ShouldBe(1L);
        }

        using (var connection = IndexFile.Open(town.Index.DatabasePath))
        {
            IndexFile.Scalar(connection, $"SELECT notes_limits FROM chains WHERE uri = '{IndexedFederation.AliceChain}'").ShouldBe(ChainNotes.LimitsOf(ChainLimits.Default));
            IndexFile.Text(connection, "SELECT value FROM meta WHERE key = 'schema_version'").ShouldBe(IndexSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        federation.AssertIndexNeverFailed();
    }
}
