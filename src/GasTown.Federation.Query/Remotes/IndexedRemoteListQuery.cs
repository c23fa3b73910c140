using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="RemoteListQuery"/> answered from an <see cref="IQueryIndex"/>: the chain's state as the index holds it
/// (<see cref="TouchedChains"/>, so the same state, data age and unreachable item a load reports) and the lines of the
/// listed units only; a page reads its own rows only. Null, and the caller loads the chain, whenever the index cannot
/// describe the chain exactly; whatever the index throws is logged and never fails the query (<see cref="IndexAttempt"/>).
/// </summary>
/// <remarks>
/// The remote's name is resolved by the reader first, as its registry was read for the index
/// (<see cref="IQueryIndexReader.FindRemoteChain"/>), so a query the index answers need not ask the chain provider for the
/// known chains (which may open git to list them); a name the reader does not know is resolved as
/// <see cref="RemoteListQuery.ResolveAsync"/> resolves it (an unknown one fails the query there, as without an index).
/// </remarks>
internal static class IndexedRemoteListQuery
{
    public static ValueTask<WorkListResult?> TryListAsync(QueryContext context, IQueryIndex index, string remoteName, WorkFilter filter, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "list --remote", async (reader, ct) =>
        {
            var remote = await ResolveAsync(context, reader, remoteName, ct).ConfigureAwait(false);
            return Answer(context, reader, remote, chain => Checked(reader.GetWorkUnits(new QueryIndexScope(chain, null), filter), filter));
        }, cancellationToken);

    public static ValueTask<WorkListPage?> TryPageAsync(QueryContext context, IQueryIndex index, string remoteName, WorkFilter filter, int limit, string? after, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "list --remote (page)", async (reader, ct) =>
        {
            var remote = await ResolveAsync(context, reader, remoteName, ct).ConfigureAwait(false);
            var list = PagedList.Remote(remote, filter);
            var afterUri = QueryPageToken.Decode(list, after);
            string? next = null;
            var result = Answer(context, reader, remote, chain =>
            {
                // One past the page says whether a next page exists; its line is parsed, never returned.
                var units = Checked(reader.GetWorkUnitsPage([new QueryIndexScope(chain, null)], filter, afterUri, limit + 1), filter);
                if (units.Count > limit)
                {
                    units.RemoveRange(limit, units.Count - limit);
                    next = QueryPageToken.Encode(list, RemoteListQuery.KeyOf(units[^1]));
                }

                return units;
            });
            return result is null ? null : new WorkListPage(result, next);
        }, cancellationToken);

    private static WorkListResult? Answer(QueryContext context, IQueryIndexReader reader, GtUri remote, Func<GtUri, List<WorkUnitSummary>> read)
    {
        var chains = new TouchedChains(reader, context);
        if (chains.Get(remote) is not { } chain)
        {
            return null;
        }

        return chain.Unavailable is not null
            ? new WorkListResult(remote.ChainUri, [], [.. chains.FailedItems()], chain.DataAsOf, chains.States())
            : new WorkListResult(chain.Uri, read(chain.Uri), [], chain.DataAsOf, chains.States());
    }

    // As RemoteListQuery.ResolveAsync resolves it (a registered remote's name, else a known chain's URI), from the reader
    // when it can say, else through the provider (which throws for a name no one knows).
    private static async ValueTask<GtUri> ResolveAsync(QueryContext context, IQueryIndexReader reader, string remoteName, CancellationToken cancellationToken)
        => reader.FindRemoteChain(remoteName)
            ?? (GtUri.TryParse(remoteName, out var uri) && uri.Kind == GtUriKind.Chain && reader.KnownChains.Contains(uri) ? uri : (GtUri?)null)
            ?? (await RemoteListQuery.ResolveAsync(context, remoteName, cancellationToken).ConfigureAwait(false)).Uri;

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
