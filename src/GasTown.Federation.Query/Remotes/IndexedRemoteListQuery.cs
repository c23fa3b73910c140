using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="RemoteListQuery"/> answered from an <see cref="IQueryIndex"/>: the chain's state as the index holds it
/// (<see cref="TouchedChains"/>, so the same state, data age and unreachable item a load reports) and the lines of the
/// listed units only; a page reads its own rows only. Null, and the caller loads the chain, whenever the index cannot
/// describe the chain exactly; whatever the index throws is logged and never fails the query (<see cref="IndexAttempt"/>).
/// </summary>
/// <remarks>
/// The remote's name is resolved by the reader, as its registry was read for the index (<see cref="IQueryIndexReader.FindRemoteChain"/>),
/// so a query the index answers never asks the chain provider for the known chains (which may open git to list them);
/// a name the reader does not know is declined, and the caller resolves it (and reports an unknown one).
/// </remarks>
internal static class IndexedRemoteListQuery
{
    public static ValueTask<WorkListResult?> TryListAsync(QueryContext context, IQueryIndex index, string remoteName, WorkFilter filter, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "list --remote",
            reader => Answer(context, reader, remoteName, chain => Checked(reader.GetWorkUnits(new QueryIndexScope(chain, null), filter), filter)), cancellationToken);

    public static ValueTask<WorkListPage?> TryPageAsync(QueryContext context, IQueryIndex index, string remoteName, WorkFilter filter, int limit, string? afterUri, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "list --remote (page)", reader =>
        {
            string? next = null;
            var result = Answer(context, reader, remoteName, chain =>
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

    private static WorkListResult? Answer(QueryContext context, IQueryIndexReader reader, string remoteName, Func<GtUri, List<WorkUnitSummary>> read)
    {
        var chains = new TouchedChains(reader, context);
        if (Resolve(reader, remoteName) is not { } remote || chains.Get(remote) is not { } chain)
        {
            return null;
        }

        return chain.Unavailable is not null
            ? new WorkListResult(remote.ChainUri, [], [.. chains.FailedItems()], chain.DataAsOf, chains.States())
            : new WorkListResult(chain.Uri, read(chain.Uri), [], chain.DataAsOf, chains.States());
    }

    // As RemoteListQuery.ResolveAsync resolves it: a registered remote's name, else a known chain's URI.
    private static GtUri? Resolve(IQueryIndexReader reader, string remoteName)
        => reader.FindRemoteChain(remoteName)
            ?? (GtUri.TryParse(remoteName, out var uri) && uri.Kind == GtUriKind.Chain && reader.KnownChains.Contains(uri) ? uri : null);

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
