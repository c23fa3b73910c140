using CsCheck;
using GasTown.Federation.Index.Tests.Delegations;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Ready work, the whole list and its pages, answered by the index where the index used to leave it to the loaded chains:
/// federations with more chains than <see cref="QueryOptions.MaxChains"/> (blockers, parents and delegated children in
/// the chains past it) and federations with delegations. Each answer is the loaded one and comes from the index.
/// </summary>
public sealed class IndexedReadyBoundsTests
{
    private const string Stamp = "2025-12-30T10:00:00.123456-08:00";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Op(int n) => $"{ChainsFederation.ObserverChain}/ops/op-{n}";

    [Fact]
    public async Task Past_the_chain_limit_the_index_answers_ready_work_and_its_pages_as_loading_does()
    {
        // Four remotes: with MaxChains 3 the observer, town0 and town1 are read, town2 and town3 are not.
        using var federation = new ChainsFederation(4,
            rig: (i, rig) => rig
                .WithIssue($"c{i}-1", "Open", w => w.Priority(i % 3))
                .WithIssue($"c{i}-2", "Done", w => w.Closed(Stamp))
                .WithIssue($"c{i}-3", "Blocked two chains on", w => w.DependsOn(ChainsFederation.UnitOf((i + 2) % 4, 1)))
                .WithIssue($"c{i}-4", "Child of the blocked one", w => w.Priority(0).DependsOn($"c{i}-3", "parent-child"))
                .WithIssue($"c{i}-5", "Child of a unit past the limit", w => w.DependsOn(ChainsFederation.UnitOf(3, 1), "parent-child")),
            ops: rig => rig
                .WithIssue("op-1", "Ready", w => w.Priority(1))
                .WithIssue("op-2", "Blocked by a unit past the limit", w => w.DependsOn(ChainsFederation.UnitOf(3, 1)))
                .WithIssue("op-3", "Blocked by a closed unit", w => w.DependsOn(ChainsFederation.UnitOf(0, 2)))
                .WithIssue("op-4", "Child of op-2", w => w.Priority(0).DependsOn("op-2", "parent-child"))
                .WithIssue("op-5", "Waits for a missing unit past the limit", w => w.DependsOn(ChainsFederation.UnitOf(2, 404), "waits-for"))
                .WithIssue("op-6", "Blocked by an open unit read", w => w.DependsOn(ChainsFederation.UnitOf(1, 1)))
                .WithIssue("op-7", "Delegated a unit past the limit"),
            observer: town => town.WithDelegation(Op(7), ChainsFederation.UnitOf(3, 3)));
        await federation.ConnectAsync(Ct);
        using var sources = new QuerySources();

        foreach (var max in new[] { 1, 2, 3, 5 })
        {
            await using var town = federation.OpenObserver(max);
            var loaded = await ReadyAssert.SameFromIndexAsync(town, sources, $"MaxChains {max}", 1, 2, 5, 100);

            loaded.Chains.Count.ShouldBe(5);
            loaded.Chains.Count(c => c.Unreachable == UnreachableReason.ChainLimit).ShouldBe(Math.Max(0, 5 - max));
            loaded.Truncations.Select(t => t.Bound).ShouldBe(max < 5 ? [TruncationBound.Chains] : []);
            var ready = loaded.Ready.Select(u => u.Id).ToList();
            ready.ShouldContain("op-1");
            ready.ShouldNotContain("op-2");
            ready.ShouldNotContain("op-4");
            ready.ShouldNotContain("op-7");
            loaded.Blocked.Single(b => b.WorkUnit.Id == "op-7").Blockers.ShouldBe([ChainsFederation.UnitOf(3, 3)]);
            if (max == 3)
            {
                ready.ShouldBe(["c0-1", "op-1", "c1-1", "op-3", "c0-5", "c1-5"]);
                loaded.Unreachable.Where(u => u.Reason == UnreachableReason.ChainLimit).Select(u => u.Target).Distinct()
                    .ShouldBe([ChainsFederation.UnitOf(2, 1), ChainsFederation.UnitOf(2, 404), ChainsFederation.UnitOf(3, 1), ChainsFederation.UnitOf(3, 3)]);
            }
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_blocker_in_a_chain_no_one_registered_is_past_the_limit_or_not_registered_as_loading_says()
    {
        // Alice is the second chain; the unregistered chain is tried after both: with MaxChains 1 or 2 it is past the limit.
        using var federation = new IndexedFederation(web: rig => rig
            .WithIssue("wb-3", "Waits on a chain no one registered", w => w.DependsOn(IndexedShowTests.Unregistered))
            .WithIssue("wb-4", "Blocked by alice's open work", w => w.DependsOn(IndexedFederation.AliceChain + "/gastown/gt-1"))
            .WithIssue("wb-5", "Child of the first", w => w.DependsOn("wb-3", "parent-child")));
        await federation.ConnectAsync(Ct);
        using var sources = new QuerySources();

        foreach (var max in new[] { 1, 2, 3 })
        {
            await using var town = federation.OpenObserver(b => b.Services.Configure<QueryOptions>(o => o.MaxChains = max));
            var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
            var indexed = await town.Queries.GetReadyWorkAsync(Ct);

            sources.Take().ShouldBe(["chains", "index"], $"MaxChains {max}");
            ShowAssert.Same(indexed, loaded);
            loaded.Chains.Select(c => c.Unreachable).Last().ShouldBe(max < 3 ? UnreachableReason.ChainLimit : UnreachableReason.NotRegistered);
            loaded.Unreachable.Single(u => u.Target == IndexedShowTests.Unregistered).Reason.ShouldBe(max < 3 ? UnreachableReason.ChainLimit : UnreachableReason.NotRegistered);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task With_delegations_the_index_answers_ready_work_and_its_pages_as_loading_does()
    {
        using var federation = new ChainsFederation(3,
            rig: (i, rig) =>
            {
                rig.WithIssue($"c{i}-1", "Delegating or delegated", w => w.Priority(i))
                    .WithIssue($"c{i}-2", "Done", w => w.Closed(Stamp))
                    .WithIssue($"c{i}-3", "Delegates a unit that does not exist")
                    .WithIssue($"c{i}-4", "Delegated by someone without the authority")
                    .WithIssue($"c{i}-5", "Child of c-1", w => w.Priority(0).DependsOn($"c{i}-1", "parent-child"))
                    .WithIssue($"c{i}-6", "Delegated from c-7 (beads' dependency form)", w => w.Priority(4).DependsOn($"c{i}-7", "delegated-from"))
                    .WithIssue($"c{i}-7", "Parent of c-6")
                    .WithIssue($"c{i}-8", "Delegated to a closed unit");
            },
            town: (i, town) =>
            {
                if (i == 0)
                {
                    town.WithDelegation(ChainsFederation.UnitOf(0, 1), ChainsFederation.UnitOf(1, 1), portion: "backend")
                        .WithDelegation(ChainsFederation.UnitOf(0, 1), ChainsFederation.UnitOf(2, 1), portion: "backend")
                        .WithDelegation(ChainsFederation.UnitOf(0, 3), ChainsFederation.UnitOf(1, 404))
                        .WithDelegation(ChainsFederation.UnitOf(0, 8), ChainsFederation.UnitOf(2, 2));
                }
                else if (i == 1)
                {
                    // Not town0's to give: never followed.
                    town.WithDelegation(ChainsFederation.UnitOf(0, 4), ChainsFederation.UnitOf(1, 1))
                        .WithDelegation(ChainsFederation.UnitOf(0, 1), ChainsFederation.UnitOf(1, 1));
                }
            },
            ops: rig => rig.WithIssue("op-1", "Delegated to town2's closed and open work"),
            observer: town => town.WithDelegation(Op(1), ChainsFederation.UnitOf(2, 2)).WithDelegation(Op(1), ChainsFederation.UnitOf(2, 3)));
        await federation.ConnectAsync(Ct);
        using var sources = new QuerySources();

        foreach (var max in new[] { 4, 2 })
        {
            await using var town = federation.OpenObserver(max);
            var loaded = await ReadyAssert.SameFromIndexAsync(town, sources, $"MaxChains {max}", 1, 3, 100);

            var ready = loaded.Ready.Select(u => u.Id).ToList();
            var blocked = loaded.Blocked.ToDictionary(b => b.WorkUnit.Uri.ToString(), b => b.Blockers);
            blocked[ChainsFederation.UnitOf(0, 1)].ShouldBe([ChainsFederation.UnitOf(1, 1), ChainsFederation.UnitOf(2, 1)]);
            blocked[ChainsFederation.UnitOf(0, 5)].ShouldBe([ChainsFederation.UnitOf(0, 1)]);
            blocked[ChainsFederation.UnitOf(0, 3)].ShouldBe([ChainsFederation.UnitOf(1, 404)]);
            blocked[ChainsFederation.UnitOf(0, 7)].ShouldBe([ChainsFederation.UnitOf(0, 6)]);
            blocked[Op(1)].ShouldBe(max == 4 ? [ChainsFederation.UnitOf(2, 3)] : [ChainsFederation.UnitOf(2, 2), ChainsFederation.UnitOf(2, 3)]);
            ready.ShouldContain("c0-4");
            if (max == 4)
            {
                // Its one delegated child is closed.
                ready.ShouldContain("c0-8");
            }
            else
            {
                // Town2 is past the limit: its closed unit is not read, so it blocks.
                blocked[ChainsFederation.UnitOf(0, 8)].ShouldBe([ChainsFederation.UnitOf(2, 2)]);
            }
            loaded.Unreachable.Single(u => u.Target == ChainsFederation.UnitOf(1, 404)).Reason
                .ShouldBe(max == 4 ? UnreachableReason.UnknownId : UnreachableReason.ChainLimit);
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_delegated_portion_completes_and_the_parent_is_ready_from_the_index()
    {
        using var federation = new DelegatingFederation(mallory: town => town
            .WithDelegation(DelegatingFederation.BobChain + "/web/bb-2", MalloryChainUnit)
            .WithDelegation(DelegatingFederation.Parent, MalloryChainUnit));
        await federation.ConnectAsync(Ct);
        using var sources = new QuerySources();

        await using (var town = federation.OpenObserver())
        {
            var loaded = await ReadyAssert.SameFromIndexAsync(town, sources, "open children", 1, 2, 100);
            loaded.Blocked.Single(b => b.WorkUnit.Uri.ToString() == DelegatingFederation.Parent).Blockers
                .ShouldBe([DelegatingFederation.BobChain + "/web/bb-1", DelegatingFederation.CarolChain + "/work/ca-1"]);
            loaded.Ready.Select(u => u.Id).ShouldContain("bb-2");
        }

        await federation.SetStatusAsync("bob", "bb-1", "closed", Ct);
        await federation.SetStatusAsync("carol", "ca-1", "closed", Ct);
        await using (var town = federation.OpenObserver())
        {
            var loaded = await ReadyAssert.SameFromIndexAsync(town, sources, "closed children", 1, 100);
            loaded.Ready.Select(u => u.Uri.ToString()).ShouldContain(DelegatingFederation.Parent);
        }
    }

    [Fact]
    public async Task On_random_federations_with_delegations_and_a_small_chain_limit_the_index_answers_as_loading_does()
    {
        var samples = 0;
        await Gen.Select(Gen.Int[2, 3], Gen.Int[1, 5], Gen.Int[0, 100_000]).SampleAsync(async sample =>
        {
            var (remotes, max, seed) = sample;
            var random = new Random(seed);
            using var federation = new ChainsFederation(remotes,
                rig: (i, rig) => AddRandom(rig, $"c{i}-", random, remotes),
                town: (i, town) => AddDelegations(town, i, random, remotes),
                ops: rig => AddRandom(rig, "op-", random, remotes),
                observer: town =>
                {
                    AddDelegations(town, -1, random, remotes);
                    AddCopiedId(town, random);
                });
            await federation.ConnectAsync(Ct);
            await using var town = federation.OpenObserver(max);
            using var sources = new QuerySources();

            await ReadyAssert.SameFromIndexAsync(town, sources, $"sample {sample}", 1, 4);
            federation.AssertIndexNeverFailed();
            Interlocked.Increment(ref samples);
        }, iter: 6, threads: 1);

        samples.ShouldBe(6);
    }

    [Fact]
    public async Task A_delegated_child_in_a_chain_no_one_registered_is_answered_from_the_index_whole_and_by_pages()
    {
        // Alice delegates gt-1 to a unit of a chain no one registered: the whole walk tries that chain after the known ones
        // (past the limit with MaxChains 1 or 2). A page needs no such try: the child blocks its parent either way.
        using var federation = new IndexedFederation(
            alice: town => town.WithDelegation(IndexedFederation.AliceChain + "/gastown/gt-1", IndexedShowTests.Unregistered),
            web: rig => rig.WithIssue("wb-3", "Child of alice's delegating gt-1", w => w.DependsOn(IndexedFederation.AliceChain + "/gastown/gt-1", "parent-child")));
        await federation.ConnectAsync(Ct);
        using var sources = new QuerySources();

        foreach (var max in new[] { 1, 2, 3 })
        {
            await using var town = federation.OpenObserver(b => b.Services.Configure<QueryOptions>(o => o.MaxChains = max));
            var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
            var indexed = await town.Queries.GetReadyWorkAsync(Ct);
            sources.Take().ShouldBe(["chains", "index"], $"MaxChains {max}");
            ShowAssert.Same(indexed, loaded);
            if (max > 1)
            {
                loaded.Blocked.Single(b => b.WorkUnit.Id == "gt-1").Blockers.ShouldBe([IndexedShowTests.Unregistered]);
                loaded.Blocked.Single(b => b.WorkUnit.Id == "wb-3").Blockers.ShouldBe([IndexedFederation.AliceChain + "/gastown/gt-1"]);
            }

            var before = town.Index.LinesParsedForAnswers;
            var (items, _) = await ReadyAssert.AllPagesAsync(town.Queries, 1);
            ShowAssert.SameUnits(items, loaded.Ready);
            // The pages answer by their own walk (their items' lines only), with alice's claim read or not.
            (town.Index.LinesParsedForAnswers - before).ShouldBe(items.Count);
            sources.Take().ShouldAllBe(s => s == "index");
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_missing_delegated_child_only_a_delegation_names_is_loaded_when_a_chain_writes_cross_references()
    {
        // The loaded graph adds cross-references before delegations: one written in relationships.jsonl may name the
        // missing child first (here in another spelling, which the graph keeps), so the index leaves that case to the load.
        // A unit whose dependency names another chain is a cross-reference too, but only in a load: the index stores the
        // written ones alone, so the dependency's must not hide the written one.
        foreach (var (written, dependency) in new[] { (true, false), (false, false), (true, true), (false, true) })
        {
            using var federation = new IndexedFederation(gastown: rig =>
            {
                if (dependency)
                {
                    rig.WithIssue("gt-3", "Depends on the observer's work", i => i.DependsOn(IndexedFederation.ObserverChain + "/web/wb-2"));
                }
            }, alice: town =>
            {
                town.WithDelegation(IndexedFederation.AliceChain + "/gastown/gt-1", IndexedFederation.AliceChain + "/gt-404");
                if (written)
                {
                    town.WithCrossReference(IndexedFederation.AliceChain + "/gastown/gt-2", ("related", IndexedFederation.AliceChain + "/gastown/gt-404"));
                }
            });
            await federation.ConnectAsync(Ct);
            await using var observer = federation.OpenObserver();
            using var sources = new QuerySources();

            var loaded = await observer.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
            var indexed = await observer.Queries.GetReadyWorkAsync(Ct);

            sources.Take().ShouldBe(["chains", written ? "chains" : "index"]);
            ShowAssert.Same(indexed, loaded);
            loaded.Blocked.Single(b => b.WorkUnit.Id == "gt-1").Blockers
                .ShouldBe([IndexedFederation.AliceChain + (written ? "/gastown/gt-404" : "/gt-404")]);
            federation.AssertIndexNeverFailed();
        }
    }

    private const string MalloryChainUnit = DelegatingFederation.MalloryChain + "/mal/mal-1";

    private static string RandomUnit(Random random, int remotes, bool rigless = false)
    {
        var chain = random.Next(-1, remotes);
        var n = random.Next(1, 9);
        var uri = chain < 0 ? Op(n) : ChainsFederation.UnitOf(chain, n);

        // A delegation may name a unit without its rig; one unit is always named one way (odd ids without the rig).
        return rigless && n % 2 == 1 ? uri.Replace(chain < 0 ? "/ops/" : $"/{ChainsFederation.RigOf(chain)}/", "/", StringComparison.Ordinal) : uri;
    }

    // Units 1..6 with random statuses (pinned among them) and priorities; blocking edges to any chain's units (present
    // or not), at most one parent each, and beads' delegated-from form naming a unit of the same chain or another.
    private static void AddRandom(RigBuilder rig, string prefix, Random random, int remotes)
    {
        for (var n = 1; n <= 6; n++)
        {
            var status = new[] { "open", "open", "in_progress", "closed", "blocked", "deferred" }[random.Next(6)];
            var priority = random.Next(5);
            var edges = new List<(string Target, string Type)>();
            for (var d = random.Next(3); d > 0; d--)
            {
                var type = new[] { "blocks", "waits-for", "conditional-blocks", "related", "delegated-from" }[random.Next(5)];
                if (type == "delegated-from" && n % 2 == 1)
                {
                    // An odd unit is named without its rig by relationships.jsonl's delegations (RandomUnit): the same pair
                    // asserted by the beads form too would be one delegation in two spellings, which the index declines
                    // (the loaded graph keeps whichever it meets first). Even units carry the beads form.
                    type = "blocks";
                }

                edges.Add((random.Next(3) == 0 ? prefix + random.Next(1, 9) : RandomUnit(random, remotes), type));
            }

            if (random.Next(3) == 0)
            {
                edges.Add((random.Next(2) == 0 ? prefix + random.Next(1, 9) : RandomUnit(random, remotes), "parent-child"));
            }

            var pinned = random.Next(10) == 0;
            rig.WithIssue(prefix + n, $"Work {prefix}{n}", w =>
            {
                w.Priority(priority);
                if (status == "closed")
                {
                    w.Closed(Stamp);
                }
                else
                {
                    w.Status(pinned ? "pinned" : status);
                }

                foreach (var (target, type) in edges)
                {
                    w.DependsOn(target, type);
                }
            });
        }
    }

    // Half the time a second rig of the observer's town holds a copy of one of its ops ids (another status, an edge of its
    // own) and a unit waiting on that id: the id is the ops rig's unit (where op- routes), the copy in no answer.
    private static void AddCopiedId(TownBuilder town, Random random)
    {
        if (random.Next(2) == 0)
        {
            return;
        }

        var id = $"op-{random.Next(1, 7)}";
        var status = new[] { "open", "in_progress", "closed", "blocked" }[random.Next(4)];
        town.WithRig("dup", "du-", rig => rig
            .WithIssue("du-1", "Waits on the copied id", i => i.DependsOn(id))
            .WithIssue(id, "A copy in dup", i => i.Status(status).Priority(random.Next(5)).DependsOn($"op-{random.Next(1, 7)}", "blocks")));
    }

    // Delegations in relationships.jsonl: most of the chain's own units to any unit (present or not, with or without its
    // rig), some of another chain's (a claim without the authority, followed only if that chain asserts it too).
    private static void AddDelegations(TownBuilder town, int self, Random random, int remotes)
    {
        for (var d = random.Next(4); d > 0; d--)
        {
            var parent = random.Next(4) == 0 ? RandomUnit(random, remotes) : (self < 0 ? Op(random.Next(1, 9)) : ChainsFederation.UnitOf(self, random.Next(1, 9)));
            town.WithDelegation(parent, RandomUnit(random, remotes, rigless: true), portion: random.Next(2) == 0 ? "a" : null);
        }
    }
}
