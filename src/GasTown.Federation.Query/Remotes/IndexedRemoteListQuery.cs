using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="RemoteListQuery"/> answered from an <see cref="IQueryIndex"/>: the chain's state as the index holds it
/// (<see cref="TouchedChains"/>, so the same state, data age and unreachable item a load reports) and the lines of the
/// listed units only; a page reads its own rows only. Null, and the caller loads the chain, whenever the index cannot
/// describe the chain exactly; whatever the index throws is logged and never fails the query (<see cref="IndexAttempt"/>).
/// </summary>
internal static class IndexedRemoteListQuery
{
    public static ValueTask<WorkListResult?> TryListAsync(QueryContext context, IQueryIndex index, KnownChain remote, WorkFilter filter, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "list --remote",
            reader => Answer(context, reader, remote, chain => Checked(reader.GetWorkUnits(new QueryIndexScope(chain, null), filter), filter)), cancellationToken);

    public static ValueTask<WorkListPage?> TryPageAsync(QueryContext context, IQueryIndex index, KnownChain remote, WorkFilter filter, int limit, string? afterUri, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "list --remote (page)", reader =>
        {
            string? next = null;
            var result = Answer(context, reader, remote, chain =>
            {
                // One past the page says whether a next page exists; its line is parsed, never returned.
                var units = Checked(reader.GetWorkUnitsPage([new QueryIndexScope(chain, null)], filter, afterUri, limit + 1), filter);
                if (units.Count > limit)
                {
                    units.RemoveRange(limit, units.Count - limit);
                    next = QueryPageToken.Encode(QueryPageToken.Remote, RemoteListQuery.KeyOf(units[^1]));
                }

                return units;
            });
            return result is null ? null : new WorkListPage(result, next);
        }, cancellationToken);

    private static WorkListResult? Answer(QueryContext context, IQueryIndexReader reader, KnownChain remote, Func<GtUri, List<WorkUnitSummary>> read)
    {
        var chains = new TouchedChains(reader, context);
        if (chains.Get(remote.Uri) is not { } chain)
        {
            return null;
        }

        return chain.Unavailable is not null
            ? new WorkListResult(remote.Uri.ChainUri, [], [.. chains.FailedItems()], chain.DataAsOf, chains.States())
            : new WorkListResult(chain.Uri, read(chain.Uri), [], chain.DataAsOf, chains.States());
    }

    /// <summary>The rows as a list, each of which must pass the filter its row was selected by (else the row is not the line's).</summary>
    private static List<WorkUnitSummary> Checked(IEnumerable<WorkUnitSummary> units, WorkFilter filter)
    {
        var list = new List<WorkUnitSummary>();
        foreach (var unit in units)
        {
            list.Add(filter.Matches(unit) ? unit : throw new IndexCannotAnswerException());
        }

        return list;
    }
}
