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

        return loaded;
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
