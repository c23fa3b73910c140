using CsCheck;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Pages of ready work (<see cref="FederationQueries.GetReadyWorkPageAsync"/>): concatenated, they are the ready list
/// loading every chain gives; from the index each page parses only its own items' lines; where the index cannot answer
/// exactly the whole answer is cut to the page.
/// </summary>
public sealed class IndexedReadyPageTests
{
    private const string Stamp = "2025-12-30T10:00:00.123456-08:00";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_of_a_federation_with_blockers_across_chains_parents_deferred_and_pinned_work_are_the_ready_list()
    {
        using var federation = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Blocked by a closed one", i => i.DependsOn("gt-4"))
                .WithIssue("gt-4", "Done", i => i.Closed(Stamp))
                .WithIssue("gt-5", "Child of a blocked parent", i => i.DependsOn("gt-2", "parent-child"))
                .WithIssue("gt-7", "Waits for a unit that does not exist", i => i.DependsOn("gt-404", "waits-for"))
                .WithIssue("gt-8", "Blocked by nonsense", i => i.DependsOn("not a reference!"))
                .WithIssueLine(Line("gt-9", "open", 1, pinned: true))
                .WithIssueLine(Line("gt-10", "open", 2, deferUntil: "2099-01-01T00:00:00Z"))
                .WithIssue("gt-11", "Child of a deferred parent", i => i.DependsOn("gt-10", "parent-child"))
                .WithIssue("gt-12", "Closed child of a blocked parent", i => i.Closed(Stamp).DependsOn("gt-5", "parent-child"))
                .WithIssue("gt-13", "Grandchild through a closed child", i => i.Priority(0).DependsOn("gt-12", "parent-child"))
                .WithIssueLine(Line("gt-14", "in_progress", 0, deferUntil: "2001-01-01T00:00:00Z"))
                .WithIssue("gt-15", "Blocked pinned parent", i => i.Status("pinned").DependsOn("gt-1"))
                .WithIssue("gt-16", "Child of a pinned blocked parent", i => i.Priority(3).DependsOn("gt-15", "parent-child"))
                .WithIssue("gt-17", "Child of an open parent", i => i.Priority(3).DependsOn("gt-1", "parent-child"))
                .WithIssue("gt-18", "In progress", i => i.Status("in_progress").Priority(1)),
            web: rig => rig
                .WithIssue("wb-3", "Blocked by alice's closed work", i => i.DependsOn(IndexedFederation.AliceChain + "/gastown/gt-4"))
                .WithIssue("wb-4", "Blocked by alice's open work", i => i.Priority(1).DependsOn("external:web:wb-3", "waits-for").DependsOn(IndexedFederation.AliceChain + "/gt-7"))
                .WithIssue("wb-5", "Child of alice's blocked work", i => i.Priority(0).DependsOn(IndexedFederation.AliceChain + "/gastown/gt-2", "parent-child"))
                .WithIssue("wb-6", "Child of alice's deferred work", i => i.Priority(0).DependsOn(IndexedFederation.AliceChain + "/gastown/gt-10", "parent-child"))
                .WithIssue("wb-7", "Child of alice's ready work", i => i.Priority(4).DependsOn(IndexedFederation.AliceChain + "/gastown/gt-3", "parent-child")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        sources.Take().ShouldBe(["chains"]);
        loaded.Ready.Select(u => u.Id).ShouldBe(["gt-14", "gt-18", "gt-1", "gt-3", "wb-2", "wb-3", "gt-17", "wb-7"]);

        foreach (var limit in new[] { 1, 2, 3, 7, 8, 100 })
        {
            var pages = await AllPagesAsync(town, limit, null);
            SameUnits(pages.Items, loaded.Ready);
            pages.Count.ShouldBe(Math.Max(1, (loaded.Ready.Count + limit - 1) / limit));
            sources.Take().ShouldAllBe(s => s == "index", $"limit {limit}");
            pages.LinesParsed.ShouldBe(loaded.Ready.Count);
            ShowAssert.SameChains(pages.Last!.Chains, loaded.Chains);
            pages.Last.Unreachable.ShouldBeEmpty();
            pages.Last.Truncations.ShouldBeEmpty();
        }

        foreach (var status in new[] { WorkStatus.Open, WorkStatus.InProgress, WorkStatus.Closed })
        {
            var pages = await AllPagesAsync(town, 2, new WorkFilter(status));
            SameUnits(pages.Items, [.. loaded.Ready.Where(u => u.Status == status)]);
            sources.Take().ShouldAllBe(s => s == "index");
        }

        // The loaded path cut to the same pages: the same units and the same tokens, so a token of one path continues on the other.
        foreach (var limit in new[] { 1, 3 })
        {
            var indexedTokens = await TokensAsync(town.Queries, limit);
            var loadedTokens = await TokensAsync(town.Queries.WithoutIndex(), limit);
            loadedTokens.ShouldBe(indexedTokens);
            sources.Take().ShouldBe([.. indexedTokens.Select(_ => "index"), .. loadedTokens.Select(_ => "chains")]);
        }

        var loadedPages = await AllPagesAsync(town, 2, null, withoutIndex: true);
        SameUnits(loadedPages.Items, loaded.Ready);
        loadedPages.Last!.Unreachable.ShouldBe(loaded.Unreachable);
        sources.Take();

        // The token keeps its place: the page after wb-3 (priority 2) starts with gt-17 (priority 3).
        var first = await town.Queries.GetReadyWorkPageAsync(6, cancellationToken: Ct);
        first.Items[^1].Id.ShouldBe("wb-3");
        (await town.Queries.GetReadyWorkPageAsync(1, first.Next, cancellationToken: Ct)).Items.Select(u => u.Id).ShouldBe(["gt-17"]);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task On_random_federations_the_pages_are_the_ready_list_and_the_index_answers_them()
    {
        var bounded = 0;
        await Gen.Select(Gen.Int[1, 12], Gen.Int[1, 12], Gen.Int[0, 100_000]).SampleAsync(async sample =>
        {
            var (aliceCount, webCount, seed) = sample;
            var random = new Random(seed);
            using var federation = new IndexedFederation(
                gastown: rig => AddRandom(rig, "gt-", aliceCount, random, IndexedFederation.AliceChain + "/gastown/gt-", "gt://obs@example.com/observer/web/wb-"),
                web: rig => AddRandom(rig, "wb-", webCount, random, "gt://obs@example.com/observer/web/wb-", IndexedFederation.AliceChain + "/gastown/gt-"));
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver();
            using var sources = new QuerySources();

            var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
            sources.Take();
            foreach (var limit in new[] { 1, 2, 5, 50 })
            {
                var pages = await AllPagesAsync(town, limit, null);
                SameUnits(pages.Items, loaded.Ready);
                var taken = sources.Take();
                taken.ShouldAllBe(s => s == "index", $"sample {sample}, limit {limit}");

                // Only the items' lines: the whole walk (IndexedReadyQuery) would parse every unfinished unit's.
                pages.LinesParsed.ShouldBe(loaded.Ready.Count, $"sample {sample}, limit {limit}");
            }

            var inProgress = await AllPagesAsync(town, 3, new WorkFilter(WorkStatus.InProgress));
            SameUnits(inProgress.Items, [.. loaded.Ready.Where(u => u.Status == WorkStatus.InProgress)]);

            // And the whole answer's numbers without it: the walk's blocked counts, the unreachable blockers.
            await ReadyAssert.SameWholeNumbersAsync(town.Queries, loaded, $"sample {sample}");
            federation.AssertIndexNeverFailed();
            Interlocked.Increment(ref bounded);
        }, iter: 8, threads: 1);

        bounded.ShouldBe(8);
    }

    [Fact]
    public async Task Walking_a_ready_list_of_ten_thousand_units_at_250_a_page_returns_each_once_parsing_only_each_page()
    {
        const int Count = 10_000;
        using var federation = new IndexedFederation(gastown: rig =>
        {
            for (var n = 0; n < Count; n++)
            {
                // Every tenth unit is blocked by gt-1 (open), every 50th is closed: the walk reads rows it does not return.
                var id = $"gt-{100 + n}";
                rig.WithIssue(id, $"Generated work {n}", i =>
                {
                    i.Priority(n % 5);
                    if (n % 50 == 0)
                    {
                        i.Closed(Stamp);
                    }
                    else if (n % 10 == 0)
                    {
                        i.DependsOn("gt-1");
                    }
                });
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var whole = await town.Queries.GetReadyWorkAsync(Ct);
        sources.Take().ShouldBe(["index"]);
        whole.Ready.Count.ShouldBeGreaterThan(Count * 8 / 10);

        var items = new List<WorkUnitSummary>();
        string? after = null;
        var pages = 0;
        do
        {
            var before = town.Index.LinesParsedForAnswers;
            var page = await town.Queries.GetReadyWorkPageAsync(250, after, cancellationToken: Ct);
            (town.Index.LinesParsedForAnswers - before).ShouldBe(page.Items.Count);
            page.Items.Count.ShouldBeLessThanOrEqualTo(250);
            items.AddRange(page.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null);

        sources.Take().ShouldAllBe(s => s == "index");
        pages.ShouldBe((whole.Ready.Count + 249) / 250);
        items.Select(u => u.Uri).Distinct().Count().ShouldBe(items.Count);
        SameUnits(items, whole.Ready);
        SameUnits(items, (await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct)).Ready);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_parent_child_chain_deeper_than_a_page_may_read_declines_and_the_whole_answer_is_cut_to_the_page()
    {
        // A remote's chain of 10,050 generations: the deepest unit (first by priority) would read every ancestor's rows.
        const int Depth = 10_050;
        using var federation = new IndexedFederation(gastown: rig =>
        {
            rig.WithIssue("gt-100", "Root", i => i.Priority(4));
            for (var n = 1; n < Depth; n++)
            {
                var level = n;
                rig.WithIssue($"gt-{100 + level}", $"Level {level}", i =>
                {
                    i.Priority(level == Depth - 1 ? 0 : 4);
                    i.DependsOn($"gt-{99 + level}", "parent-child");
                });
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);

        var before = town.Index.LinesParsedForAnswers;
        var page = await town.Queries.GetReadyWorkPageAsync(5, cancellationToken: Ct);

        SameUnits(page.Items, loaded.Ready.Take(5).ToList());
        // Declined: the whole answer was read (every unfinished line), not a walk of 10,050 ancestors per candidate.
        (town.Index.LinesParsedForAnswers - before).ShouldBeGreaterThan(Depth - 1);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_bad_limit_or_a_token_of_another_list_is_bad_input()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();

        foreach (var limit in new[] { 0, -1, 10_001 })
        {
            (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.GetReadyWorkPageAsync(limit, cancellationToken: Ct)))
                .Error.ShouldBe(FederationQueryError.BadInput);
        }

        var orgToken = System.Buffers.Text.Base64Url.EncodeToString("o:gt://alice@example.com/alice-town/gastown/gt-1"u8);
        foreach (var token in new[] { "bogus", "", orgToken, System.Buffers.Text.Base64Url.EncodeToString("r:x:gt://a"u8), System.Buffers.Text.Base64Url.EncodeToString("r:1:"u8) })
        {
            var failed = await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.GetReadyWorkPageAsync(10, token, cancellationToken: Ct));
            failed.Error.ShouldBe(FederationQueryError.BadInput, token);
            failed.Message.ShouldContain("ready-work list");
        }

        // And the loaded path refuses it the same way.
        (await Should.ThrowAsync<FederationQueryException>(async () => await town.Queries.WithoutIndex().GetReadyWorkPageAsync(10, "bogus", cancellationToken: Ct)))
            .Error.ShouldBe(FederationQueryError.BadInput);
    }

    [Fact]
    public async Task With_a_delegation_or_a_blocker_in_an_unregistered_chain_the_index_answers_the_pages()
    {
        using var federation = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Delegated", i => i.DependsOn("gt://obs@example.com/observer/web/wb-1", "delegated-from"))
                .WithIssue("gt-4", "Ready", i => i.Priority(0))
                .WithIssue("gt-5", "Ready too", i => i.Priority(4)));
        await federation.ConnectAsync(Ct);
        await using (var town = federation.OpenObserver())
        {
            using var sources = new QuerySources();
            var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
            var pages = await AllPagesAsync(town, 2, null);
            SameUnits(pages.Items, loaded.Ready);
            sources.Take().Skip(1).ShouldAllBe(s => s == "index");
            pages.Last!.Unreachable.ShouldBeEmpty();
            federation.AssertIndexNeverFailed();
        }

        using var other = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Waits on a chain no one registered", i => i.DependsOn(IndexedShowTests.Unregistered))
                .WithIssue("gt-4", "Ready", i => i.Priority(0)));
        await other.ConnectAsync(Ct);
        await using var observer = other.OpenObserver();
        using var otherSources = new QuerySources();
        var whole = await observer.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        whole.Chains.Select(c => c.Chain.ToString()).ShouldContain(GtUri.Parse(IndexedShowTests.Unregistered).ChainUri.ToString());
        otherSources.Take();
        var before = observer.Index.LinesParsedForAnswers;
        var paged = await AllPagesAsync(observer, 1, null);
        SameUnits(paged.Items, whole.Ready);
        paged.Items.Select(u => u.Id).ShouldNotContain("gt-3");

        // The pages' own walk (a blocker no registered chain can hold blocks; its chain is not tried): only the pages'
        // lines are read, and the pages name the chains they read, not the one no one registered.
        otherSources.Take().ShouldAllBe(s => s == "index");
        (observer.Index.LinesParsedForAnswers - before).ShouldBe(paged.Items.Count);
        paged.Last!.Chains.Select(c => c.Chain.ToString()).ShouldBe(whole.Chains.Select(c => c.Chain.ToString()).Where(c => !IndexedShowTests.Unregistered.StartsWith(c, StringComparison.Ordinal)));
        paged.Last.Unreachable.ShouldBeEmpty();
        other.AssertIndexNeverFailed();
    }

    private static async Task<List<string?>> TokensAsync(FederationQueries queries, int limit)
    {
        var tokens = new List<string?>();
        string? after = null;
        do
        {
            after = (await queries.GetReadyWorkPageAsync(limit, after, cancellationToken: Ct)).Next;
            tokens.Add(after);
        }
        while (after is not null);
        return tokens;
    }

    private static async Task<(List<WorkUnitSummary> Items, int Count, long LinesParsed, ReadyWorkPage? Last)> AllPagesAsync(Town town, int limit, WorkFilter? filter, bool withoutIndex = false)
    {
        var queries = withoutIndex ? town.Queries.WithoutIndex() : town.Queries;
        var items = new List<WorkUnitSummary>();
        var before = town.Index.LinesParsedForAnswers;
        string? after = null;
        var count = 0;
        ReadyWorkPage? page;
        do
        {
            page = await queries.GetReadyWorkPageAsync(limit, after, filter, Ct);
            page.Items.Count.ShouldBeLessThanOrEqualTo(limit);
            items.AddRange(page.Items);
            after = page.Next;
            count++;
            if (after is not null)
            {
                page.Items.Count.ShouldBe(limit);
            }
        }
        while (after is not null);
        return (items, count, town.Index.LinesParsedForAnswers - before, page);
    }

    private static void SameUnits(IReadOnlyList<WorkUnitSummary> paged, IReadOnlyList<WorkUnitSummary> whole)
    {
        paged.Select(u => u.Uri.ToString()).ShouldBe(whole.Select(u => u.Uri.ToString()));
        for (var i = 0; i < whole.Count; i++)
        {
            paged[i].ShouldBe(whole[i]);
            paged[i].UpstreamLine.ToArray().ShouldBe(whole[i].UpstreamLine.ToArray());
        }
    }

    // Issues 3.. of a rig with random statuses, pinned flags, defer dates (past and future) and edges: blocking and
    // parent-child, local (present or not), into the other registered chain, external:<rig>:<id>, text that is no reference.
    private static void AddRandom(RigBuilder rig, string prefix, int count, Random random, string own, string other)
    {
        for (var n = 3; n < 3 + count; n++)
        {
            var status = new[] { "open", "open", "in_progress", "closed", "blocked", "deferred" }[random.Next(6)];
            var dependencies = new List<(string Target, string Type)>();
            for (var d = random.Next(4); d > 0; d--)
            {
                var type = new[] { "blocks", "parent-child", "parent-child", "related", "waits-for", "conditional-blocks" }[random.Next(6)];
                var target = random.Next(6) switch
                {
                    0 or 1 => prefix + random.Next(1, count + 5),
                    2 => other + random.Next(1, 8),
                    3 => $"external:{rig.Name}:{prefix}{random.Next(1, count + 3)}",
                    4 => own + random.Next(1, count + 3),
                    _ => "not a reference!",
                };
                dependencies.Add((target, type));
            }

            rig.WithIssueLine(Line(prefix + n, status, random.Next(5),
                pinned: random.Next(8) == 0,
                deferUntil: random.Next(6) switch { 0 => "2099-01-01T00:00:00Z", 1 => "2001-01-01T00:00:00Z", _ => null },
                dependencies: dependencies));
        }
    }

    private static string Line(string id, string status, int priority, bool pinned = false, string? deferUntil = null, IReadOnlyList<(string Target, string Type)>? dependencies = null)
    {
        var json = new System.Text.StringBuilder();
        json.Append($$"""{"id":"{{id}}","title":"Work {{id}}","status":"{{status}}","priority":{{priority}},"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}" """.TrimEnd());
        if (status == "closed")
        {
            json.Append($$""","closed_at":"{{Stamp}}" """.TrimEnd());
        }

        if (pinned)
        {
            json.Append(",\"pinned\":true");
        }

        if (deferUntil is not null)
        {
            json.Append($$""","defer_until":"{{deferUntil}}" """.TrimEnd());
        }

        if (dependencies is { Count: > 0 })
        {
            json.Append(",\"dependencies\":[");
            // The targets hold no character JSON escapes.
            json.AppendJoin(',', dependencies.Select(d =>
                $$"""{"issue_id":"{{id}}","depends_on_id":"{{d.Target}}","type":"{{d.Type}}","created_at":"{{Stamp}}","created_by":"daemon"}"""));
            json.Append(']');
        }

        return json.Append('}').ToString();
    }
}
