using GasTown.Federation.Hosting;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// The whole ready answer's numbers without the whole answer: a walk's pages count the blocked units between them
/// (<see cref="ReadyWorkPage.Blocked"/>) and <see cref="FederationQueries.GetReadyWorkGapsAsync"/> gives its unreachable
/// blockers, chains and truncations, from the index without parsing a line (blockers in chains no one registered
/// included); where the index cannot say them exactly (a missing delegated child, more unreachable blockers than it
/// holds) they are the whole answer's.
/// </summary>
public sealed class ReadyWholeNumbersTests
{
    private const string Stamp = "2025-12-30T10:00:00.123456-08:00";
    private const string Observer = "gt://obs@example.com/observer";
    private const string Ghost = "gt://ghost@example.com/ghost-town";
    private const string Gone = "gt://gone@example.com/gone-town";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_blockers_across_chains_unreachable_blockers_and_unreadable_chains_the_index_gives_the_whole_answer_s_numbers()
    {
        using var federation = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Blocked by a closed one", i => i.DependsOn("gt-4"))
                .WithIssue("gt-4", "Done", i => i.Closed(Stamp))
                .WithIssue("gt-5", "Child of a blocked parent", i => i.Priority(0).DependsOn("gt-2", "parent-child"))
                .WithIssue("gt-7", "Waits for a unit that does not exist", i => i.DependsOn("gt-404", "waits-for"))
                .WithIssue("gt-8", "Blocked by nonsense", i => i.Status("in_progress").DependsOn("not a reference!"))
                .WithIssue("gt-9", "Closed, blocked by nothing there", i => i.Closed(Stamp).DependsOn("gt-405"))
                .WithIssue("gt-10", "Hooked, waits for a missing unit", i => i.Status("hooked").DependsOn("gt-406"))
                .WithIssue("gt-11", "Ready", i => i.Status("in_progress").Priority(1)),
            web: rig => rig
                .WithIssue("wb-3", "Blocked by alice's open work", i => i.DependsOn(IndexedFederation.AliceChain + "/gastown/gt-7"))
                .WithIssue("wb-4", "Blocked by a chain that cannot be read", i => i.Priority(1).DependsOn(Ghost + "/gh-1"))
                .WithIssue("wb-5", "Blocked by a unit alice does not have", i => i.Status("in_progress").DependsOn(IndexedFederation.AliceChain + "/gastown/gt-999", "conditional-blocks"))
                .WithIssue("wb-6", "Blocked by alice's closed work", i => i.Priority(0).DependsOn(IndexedFederation.AliceChain + "/gastown/gt-4")));
        await federation.ConnectAsync(Ct);
        await using (var registering = federation.OpenObserver())
        {
            // Two chains registered and never fetched: one a blocker names, one nothing names.
            registering.Remotes.Add("ghost", federation.Temp("ghost.git"), GtUri.Parse(Ghost));
            registering.Remotes.Add("gone", federation.Temp("gone.git"), GtUri.Parse(Gone));
        }

        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        sources.Take();
        loaded.Blocked.Count.ShouldBeGreaterThan(4);
        loaded.Unreachable.Select(u => u.Reason).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);
        loaded.Unreachable.Select(u => u.Target).ShouldContain(Gone);
        loaded.Unreachable.Select(u => u.Target).ShouldContain("not a reference!");
        loaded.Unreachable.Select(u => u.Target).ShouldContain(Ghost + "/gh-1");
        loaded.Unreachable.Select(u => u.Target).ShouldContain(IndexedFederation.AliceChain + "/gastown/gt-999");
        loaded.Unreachable.Select(u => u.ReferencedFrom?.ToString()).ShouldContain(IndexedFederation.AliceChain + "/gastown/gt-10");

        var before = town.Index.LinesParsedForAnswers;
        var gaps = await town.Queries.GetReadyWorkGapsAsync(Ct);
        sources.Take().ShouldBe(["index"]);
        // No line read: the blocking edges' rows and their targets' rows.
        (town.Index.LinesParsedForAnswers - before).ShouldBe(0);
        gaps.Unreachable.ShouldBe(loaded.Unreachable);

        await ReadyAssert.SameWholeNumbersAsync(town.Queries, loaded, "blockers across chains");
        sources.Take().ShouldAllBe(s => s == "index");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task With_blockers_in_chains_no_one_registered_the_index_gives_the_whole_answer_s_numbers()
    {
        // One chain named only by a closed unit (tried all the same), one by two unfinished units, in an order that is not
        // their URI order: the gaps try them after the known ones in URI order, as the whole answer does.
        const string Stranger = "gt://aaa@example.com/stranger";
        using var federation = new IndexedFederation(
            gastown: rig => rig
                .WithIssue("gt-3", "Waits on a chain no one registered", i => i.DependsOn(IndexedShowTests.Unregistered))
                .WithIssue("gt-4", "Closed, blocked by another such chain", i => i.Closed(Stamp).DependsOn(Stranger + "/st-1"))
                .WithIssue("gt-5", "Waits on the first one too", i => i.Status("in_progress").DependsOn(IndexedShowTests.Unregistered, "waits-for")));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        loaded.Chains.Select(c => c.Chain.ToString()).ShouldContain(Stranger);
        loaded.Unreachable.Count(u => u.Reason == UnreachableReason.NotRegistered).ShouldBe(3);
        sources.Take();

        var before = town.Index.LinesParsedForAnswers;
        var gaps = await town.Queries.GetReadyWorkGapsAsync(Ct);
        sources.Take().ShouldBe(["index"]);
        (town.Index.LinesParsedForAnswers - before).ShouldBe(0);
        gaps.Unreachable.ShouldBe(loaded.Unreachable);
        ShowAssert.SameChains(gaps.Chains, loaded.Chains);

        await ReadyAssert.SameWholeNumbersAsync(town.Queries, loaded, "chains no one registered");
        sources.Take().ShouldAllBe(s => s == "index");
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task A_claim_whose_parent_is_in_a_chain_no_one_registered_leaves_that_chain_untried()
    {
        // The observer's relationships claim that a unit of a chain no one registered delegated to a unit alice does not
        // have: the claim is not followed (the parent's chain does not assert it), so the whole answer never tries that
        // chain, and neither may the gaps (they asked for the parent's state, which tried it).
        using var federation = new IndexedFederation(
            observer: town => town.WithDelegation("gt://x@example.com/unfollowed/rig/p-1", IndexedFederation.AliceChain + "/gastown/gt-999"));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        loaded.Chains.Select(c => c.Chain.ToString()).ShouldNotContain("gt://x@example.com/unfollowed");
        sources.Take();

        var gaps = await town.Queries.GetReadyWorkGapsAsync(Ct);
        sources.Take().ShouldBe(["index"]);
        ShowAssert.SameChains(gaps.Chains, loaded.Chains);
        gaps.Unreachable.ShouldBe(loaded.Unreachable);
        gaps.Truncations.ShouldBe(loaded.Truncations);
        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task With_a_missing_delegated_child_the_gaps_are_the_whole_answer_s()
    {
        using var federation = new IndexedFederation(
            web: rig => rig.WithIssue("wb-3", "Delegated work that does not exist"),
            observer: town => town.WithDelegation(Observer + "/web/wb-3", IndexedFederation.AliceChain + "/gastown/gt-999"));
        await SameAsTheWholeAnswerAsync(federation);
    }

    [Fact]
    public async Task Past_a_chain_s_bound_unreachable_blockers_are_counted_and_the_first_kept_by_the_index_as_by_loading()
    {
        // A remote's 630,000 edges to units that do not exist made the answer a 190 MB list (and the index declined past
        // 10,000 of them, to the whole answer): each chain's first 100, in the answer's order, are kept and the rest counted.
        const int Units = 101;
        const int Edges = 100;
        using var federation = new IndexedFederation(gastown: rig =>
        {
            for (var n = 0; n < Units; n++)
            {
                var unit = n;
                rig.WithIssue($"gt-{100 + unit}", $"Waits for {Edges} missing units", i =>
                {
                    for (var e = 0; e < Edges; e++)
                    {
                        i.DependsOn($"gt-{100_000 + (unit * Edges) + e}");
                    }
                });
            }
        });
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        var gastown = GtUri.Parse(IndexedFederation.AliceChain);
        var fromGastown = loaded.Unreachable.Where(u => u.ReferencedFrom?.ChainUri == gastown).ToList();
        fromGastown.Count.ShouldBe(UnreachableOmission.MaxItemsPerChain);
        fromGastown[0].Target.ShouldEndWith("/gt-100000");
        fromGastown[^1].Target.ShouldEndWith("/gt-100099");
        loaded.OmittedUnreachable.ShouldBe([new UnreachableOmission(gastown, (Units * Edges) - UnreachableOmission.MaxItemsPerChain)]);
        sources.Take();

        var indexed = await town.Queries.GetReadyWorkAsync(Ct);
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.OmittedUnreachable.ShouldBe(loaded.OmittedUnreachable);
        var gaps = await town.Queries.GetReadyWorkGapsAsync(Ct);
        sources.Take().ShouldBe(["index", "index"]);
        gaps.Unreachable.ShouldBe(loaded.Unreachable);
        gaps.OmittedUnreachable.ShouldBe(loaded.OmittedUnreachable);
        federation.AssertIndexNeverFailed();
    }


    private static async Task SameAsTheWholeAnswerAsync(IndexedFederation federation)
    {
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        loaded.Unreachable.ShouldNotBeEmpty();
        sources.Take();

        var before = town.Index.LinesParsedForAnswers;
        var gaps = await town.Queries.GetReadyWorkGapsAsync(Ct);
        var source = sources.Take().Single();

        // Not the index's gaps (which read no line): the whole answer, from the index's whole walk or the loaded chains.
        (source == "chains" || town.Index.LinesParsedForAnswers > before).ShouldBeTrue(source);
        gaps.Unreachable.ShouldBe(loaded.Unreachable);
        await ReadyAssert.SameWholeNumbersAsync(town.Queries, loaded, "declined");
        federation.AssertIndexNeverFailed();
    }
}
