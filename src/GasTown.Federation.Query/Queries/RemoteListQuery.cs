using GasTown.Federation.Model;
using GasTown.Federation.Model.Internal;

namespace GasTown.Federation.Query;

/// <summary>
/// <c>bd list --remote=NAME</c>: every work unit of one registered chain. From the index when it can describe the chain
/// exactly (<see cref="IndexedRemoteListQuery"/>: only the listed units' lines are read), else from the loaded chain; the
/// answer is the same.
/// </summary>
internal static class RemoteListQuery
{
    public static async ValueTask<WorkListResult> RunAsync(QueryContext context, string remoteName, WorkFilter filter, CancellationToken cancellationToken)
    {
        if (context.Index is { } index
            && await IndexedRemoteListQuery.TryListAsync(context, index, remoteName, filter, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        var remote = await ResolveAsync(context, remoteName, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(context, remote, filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of the listing, in its order (by URI): after the unit whose URI the token names, at most
    /// <paramref name="limit"/> items. From the index when it can answer exactly (the page's rows only), else the loaded
    /// listing cut to the page.
    /// </summary>
    public static async ValueTask<WorkListPage> PageAsync(QueryContext context, string remoteName, WorkFilter filter, int limit, string? after, CancellationToken cancellationToken)
    {
        if (context.Index is { } index
            && await IndexedRemoteListQuery.TryPageAsync(context, index, remoteName, filter, limit, after, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        var remote = await ResolveAsync(context, remoteName, cancellationToken).ConfigureAwait(false);
        var list = PagedList.Remote(remote.Uri, filter);
        var afterUri = QueryPageToken.Decode(list, after);
        var full = await LoadAsync(context, remote, filter, cancellationToken).ConfigureAwait(false);
        var (items, next) = LoadedPages.Page(full.Items, LoadedPages.StartAfter(full.Items, afterUri, KeyOf), limit, KeyOf, list);
        return new WorkListPage(full with { Items = items }, next);
    }

    /// <summary>The listing's order and page position: the unit's URI.</summary>
    public static string KeyOf(WorkUnitSummary unit) => unit.Uri.ToString();

    /// <summary>The known chain a remote name (or a chain URI) names.</summary>
    /// <exception cref="FederationQueryException">No remote has that name (<see cref="FederationQueryError.NotFound"/>).</exception>
    public static async ValueTask<KnownChain> ResolveAsync(QueryContext context, string remoteName, CancellationToken cancellationToken)
    {
        var known = await context.Session.GetKnownChainsAsync(cancellationToken).ConfigureAwait(false);
        // A remote name as registered; a chain URI (gt://entity/chain) is accepted too, for chains known without a remote name.
        var remote = known.FirstOrDefault(k => string.Equals(k.RemoteName, remoteName, StringComparison.Ordinal))
            ?? (GtUri.TryParse(remoteName, out var uri) && uri.Kind == GtUriKind.Chain ? known.FirstOrDefault(k => k.Uri == uri) : null);
        if (remote is null)
        {
            throw new FederationQueryException(FederationQueryError.NotFound,
                RemoteNameMessage.NotRegistered(remoteName, [.. known.Select(k => k.RemoteName).OfType<string>()]), remoteName);
        }

        return remote;
    }

    /// <summary>The listing from the chain loaded in memory.</summary>
    public static async ValueTask<WorkListResult> LoadAsync(QueryContext context, KnownChain remote, WorkFilter filter, CancellationToken cancellationToken)
    {
        QuerySource.Mark(QuerySource.Chains);
        var attempt = await context.Session.GetAsync(remote.Uri, cancellationToken).ConfigureAwait(false);
        if (attempt.Chain is not { } chain)
        {
            return new WorkListResult(remote.Uri.ChainUri, [], [attempt.ToUnreachable(remote.Uri.ChainUri.ToString(), null)], attempt.DataAsOf, context.Session.States());
        }

        var items = Summaries.Sorted(chain.WorkUnits.Where(u => filter.Matches(u.Unit)).Select(u => Summaries.Of(chain, u)));
        return new WorkListResult(chain.Uri, items, [], attempt.DataAsOf, context.Session.States());
    }
}
