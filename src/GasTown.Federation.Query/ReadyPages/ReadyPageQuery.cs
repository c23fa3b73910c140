namespace GasTown.Federation.Query;

/// <summary>
/// A page of ready work: from the index with memory bounded by the page (<see cref="IndexedReadyPage"/>) when it can answer
/// exactly; otherwise the whole answer (<see cref="ReadyQuery"/>: loaded chains, or the index's whole walk) cut to the
/// page, which is correct but costs what the whole answer costs.
/// </summary>
internal static class ReadyPageQuery
{
    public static async ValueTask<ReadyWorkPage> RunAsync(QueryContext context, WorkFilter filter, int limit, string? after, CancellationToken cancellationToken)
    {
        var list = PagedList.Ready(filter);
        var position = ReadyPagePosition.Decode(list, after);
        if (context.Index is { } index
            && await IndexedReadyPage.TryRunAsync(context, index, filter, limit, position, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        var full = await ReadyQuery.RunAsync(context, cancellationToken).ConfigureAwait(false);
        var rest = full.Ready.Where(u => filter.Matches(u) && (position is null || position.IsBefore(u)));
        var items = new List<WorkUnitSummary>(Math.Min(limit, full.Ready.Count));
        var more = false;
        foreach (var unit in rest)
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(unit);
        }

        return new ReadyWorkPage(items, full.Unreachable, full.Chains, full.Truncations, more ? ReadyPagePosition.Of(items[^1]).Encode(list) : null)
        {
            Blocked = new ReadyBlockedCursor(full, filter, position).CountThrough(more ? items[^1] : null),
            OmittedUnreachable = full.OmittedUnreachable,
        };
    }
}
