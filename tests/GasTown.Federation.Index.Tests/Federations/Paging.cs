using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Federations;

/// <summary>Walks every page of an index list.</summary>
internal static class Paging
{
    public static async Task<List<WorkUnitSummary>> AllAsync(FederationIndex index, IndexQuery query, CancellationToken cancellationToken)
    {
        var all = new List<WorkUnitSummary>();
        string? after = null;
        do
        {
            var page = await index.ListAsync(query with { After = after }, cancellationToken);
            all.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        return all;
    }
}
