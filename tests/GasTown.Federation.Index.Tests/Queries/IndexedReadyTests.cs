using CsCheck;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Ready work through the town's queries answers from the index (unfinished units' lines, every unit's edge rows) with
/// the answer loading every chain gives, and loads the chains when the index cannot answer exactly (delegations).
/// </summary>
public sealed class IndexedReadyTests
{
    private const string Stamp = "2025-12-30T10:00:00.123456-08:00";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_work_from_the_index_is_what_loading_every_chain_answers()
    {
        using var federation = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Blocked by a closed one", i => i.DependsOn("gt-4"))
                .WithIssue("gt-4", "Done", i => i.Closed(Stamp))
                .WithIssue("gt-5", "Child of a blocked parent", i => i.DependsOn("gt-2", "parent-child"))
                .WithIssue("gt-6", "Waits on a chain no one registered", i => i.Status("in_progress").DependsOn(IndexedShowTests.Unregistered))
                .WithIssue("gt-7", "Waits for a unit that does not exist", i => i.DependsOn("gt-404", "waits-for"))
                .WithIssue("gt-8", "Blocked by nonsense", i => i.DependsOn("not a reference!"))
                .WithIssueLine($$"""{"id":"gt-9","title":"Pinned","status":"open","priority":1,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}","pinned":true}""")
                .WithIssueLine($$"""{"id":"gt-10","title":"Deferred","status":"open","priority":2,"issue_type":"epic","created_at":"{{Stamp}}","updated_at":"{{Stamp}}","defer_until":"2099-01-01T00:00:00Z"}""")
                .WithIssue("gt-11", "Child of a deferred parent", i => i.DependsOn("gt-10", "parent-child"))
                .WithIssue("gt-12", "Closed child of a blocked parent", i => i.Closed(Stamp).DependsOn("gt-5", "parent-child"))
                .WithIssue("gt-13", "Grandchild through a closed child", i => i.Priority(0).DependsOn("gt-12", "parent-child")),
            web: rig => rig
                .WithIssue("wb-3", "Blocked by alice's closed work", i => i.DependsOn(IndexedFederation.AliceChain + "/gastown/gt-4"))
                .WithIssue("wb-4", "Blocked by alice's open work", i => i.Priority(1).DependsOn("external:web:wb-3", "waits-for").DependsOn(IndexedFederation.AliceChain + "/gt-7")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        var before = town.Index.LinesParsedForAnswers;
        var indexed = await town.Queries.GetReadyWorkAsync(Ct);

        sources.Take().ShouldBe(["chains", "index"]);
        ShowAssert.Same(indexed, loaded);
        indexed.Ready.Select(u => u.Id).ShouldBe(["gt-1", "gt-3", "wb-2", "wb-3"]);
        indexed.Blocked.Single(b => b.WorkUnit.Id == "gt-13").Blockers.ShouldBe([IndexedFederation.AliceChain + "/gastown/gt-12"]);
        indexed.Unreachable.Select(u => u.Reason).Distinct().Order().ShouldBe([UnreachableReason.NotRegistered, UnreachableReason.UnknownId, UnreachableReason.InvalidReference]);

        // The unfinished units' lines and one line per closed blocker or parent looked up: never the closed units' lines wholesale.
        (town.Index.LinesParsedForAnswers - before).ShouldBeLessThan(20);
    }

    [Fact]
    public async Task A_federation_with_delegations_is_loaded()
    {
        using var federation = new IndexedFederation(gastown: rig => rig.WithIssue("gt-3", "Delegated", i => i.DependsOn("gt://obs@example.com/observer/web/wb-1", "delegated-from")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();

        var ready = await town.Queries.GetReadyWorkAsync(Ct);

        sources.Take().ShouldBe(["chains"]);
        ShowAssert.Same(ready, await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct));
    }

    [Fact]
    public async Task On_random_federations_ready_work_is_the_same_from_the_index()
    {
        var fromIndex = 0;
        await Gen.Select(Gen.Int[1, 10], Gen.Int[1, 10], Gen.Int[0, 100_000]).SampleAsync(async sample =>
        {
            var (aliceCount, webCount, seed) = sample;
            var random = new Random(seed);
            using var federation = new IndexedFederation(
                gastown: rig => IndexedShowTests.AddRandom(rig, "gt-", 3, aliceCount, random, "web", unresolvableToo: false),
                web: rig => IndexedShowTests.AddRandom(rig, "wb-", 3, webCount, random, "gastown", unresolvableToo: false));
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver();
            using var sources = new QuerySources();

            var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
            var indexed = await town.Queries.GetReadyWorkAsync(Ct);

            ShowAssert.Same(indexed, loaded);
            if (sources.Take()[1] == "index")
            {
                Interlocked.Increment(ref fromIndex);
            }
        }, iter: 6, threads: 1);

        // Each sample was compared either way; most are answered by the index (a child under two blocked parents is not).
        fromIndex.ShouldBeGreaterThan(0);
    }
}
