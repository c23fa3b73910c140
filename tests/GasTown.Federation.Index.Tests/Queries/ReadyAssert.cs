using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Ready work from the index against the answer loading the chains gives, the whole list and every walk of its pages,
/// with where each answer came from.
/// </summary>
internal static class ReadyAssert
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The whole list from the index is the loaded one, and so is every page walk at each of <paramref name="limits"/>
    /// (its items, the chains it reports, its truncations; its unreachable items are the chains it could not read), each
    /// answered by the index, the pages by their own walk (they parse their items' lines only: a page cut from the index's
    /// whole walk would parse every unfinished unit's). Returns the loaded answer.
    /// </summary>
    public static async Task<ReadyWorkResult> SameFromIndexAsync(Town town, QuerySources sources, string because, params int[] limits)
    {
        sources.Take();
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
        var indexed = await town.Queries.GetReadyWorkAsync(Ct);
        sources.Take().ShouldBe(["chains", "index"], because);
        ShowAssert.Same(indexed, loaded);

        var unreadable = loaded.Chains.Where(c => c.Unreachable is not null).Select(c => c.Chain.ToString()).Order(StringComparer.Ordinal).ToList();
        foreach (var limit in limits)
        {
            var before = town.Index.LinesParsedForAnswers;
            var (items, last) = await AllPagesAsync(town.Queries, limit);
            (town.Index.LinesParsedForAnswers - before).ShouldBe(loaded.Ready.Count, $"{because}, limit {limit}: lines parsed");
            ShowAssert.SameUnits(items, loaded.Ready);
            sources.Take().ShouldAllBe(s => s == "index", $"{because}, limit {limit}");
            ShowAssert.SameChains(last.Chains, loaded.Chains);
            last.Truncations.ShouldBe(loaded.Truncations);
            last.Unreachable.Select(u => u.Target).ShouldBe(unreadable, $"{because}, limit {limit}");
        }

        await SameWholeNumbersAsync(town.Queries, loaded, because);
        sources.Take();
        return loaded;
    }

    /// <summary>
    /// What a host writing the whole answer page by page needs besides the items: the walk's blocked counts add up to the
    /// whole answer's blocked units (those each filter keeps), and the gaps are its unreachable items, chains and
    /// truncations.
    /// </summary>
    public static async Task SameWholeNumbersAsync(FederationQueries queries, ReadyWorkResult loaded, string because)
    {
        var gaps = await queries.GetReadyWorkGapsAsync(Ct);
        gaps.Unreachable.ShouldBe(loaded.Unreachable, because);
        ShowAssert.SameChains(gaps.Chains, loaded.Chains);
        gaps.Truncations.ShouldBe(loaded.Truncations, because);
        foreach (var pageSize in new[] { 1, 2, 1_000 })
        {
            foreach (var filter in new WorkFilter?[] { null, new(Model.WorkStatus.Open), new(Model.WorkStatus.InProgress) })
            {
                var (blocked, items) = (0, new List<WorkUnitSummary>());
                await foreach (var page in queries.WalkReadyWorkAsync(filter, pageSize, Ct))
                {
                    blocked += page.Blocked;
                    items.AddRange(page.Items);
                }

                blocked.ShouldBe(loaded.Blocked.Count(b => filter is null || filter.Matches(b.WorkUnit)), $"{because}, page size {pageSize}, {filter?.Status}: blocked");
                ShowAssert.SameUnits(items, [.. loaded.Ready.Where(u => filter is null || filter.Matches(u))]);
            }
        }

        // And the pages asked for one by one (each from the index, or cut from the whole answer where it declines).
        var (paged, after) = (0, (string?)null);
        do
        {
            var page = await queries.GetReadyWorkPageAsync(2, after, cancellationToken: Ct);
            paged += page.Blocked;
            after = page.Next;
        }
        while (after is not null);
        paged.ShouldBe(loaded.Blocked.Count, $"{because}: blocked over pages");
    }

    public static async Task<(List<WorkUnitSummary> Items, ReadyWorkPage Last)> AllPagesAsync(FederationQueries queries, int limit)
    {
        var items = new List<WorkUnitSummary>();
        string? after = null;
        ReadyWorkPage page;
        do
        {
            page = await queries.GetReadyWorkPageAsync(limit, after, cancellationToken: Ct);
            page.Items.Count.ShouldBeLessThanOrEqualTo(limit);
            items.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        return (items, page);
    }
}
