using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary><c>bd list --remote=NAME</c>: every work unit of one registered chain.</summary>
internal static class RemoteListQuery
{
    public static async ValueTask<WorkListResult> RunAsync(QueryContext context, string remoteName, WorkFilter filter, CancellationToken cancellationToken)
    {
        var known = await context.Session.GetKnownChainsAsync(cancellationToken).ConfigureAwait(false);
        // A remote name as registered; a chain URI (gt://entity/chain) is accepted too, for chains known without a remote name.
        var remote = known.FirstOrDefault(k => string.Equals(k.RemoteName, remoteName, StringComparison.Ordinal))
            ?? (GtUri.TryParse(remoteName, out var uri) && uri.Kind == GtUriKind.Chain ? known.FirstOrDefault(k => k.Uri == uri) : null);
        if (remote is null)
        {
            var names = string.Join(", ", known.Where(k => k.RemoteName is not null).Select(k => k.RemoteName));
            throw new FederationQueryException(FederationQueryError.NotFound,
                $"No remote named '{remoteName}' is registered (known: {(names.Length > 0 ? names : "none")}). Register it as a remote first.",
                remoteName);
        }

        var attempt = await context.Session.GetAsync(remote.Uri, cancellationToken).ConfigureAwait(false);
        if (attempt.Chain is not { } chain)
        {
            return new WorkListResult(remote.Uri.ChainUri, [], [attempt.ToUnreachable(remote.Uri.ChainUri.ToString(), null)], attempt.DataAsOf, context.Session.States());
        }

        var items = Summaries.Sorted(chain.WorkUnits.Where(u => filter.Matches(u.Unit)).Select(u => Summaries.Of(chain, u)));
        return new WorkListResult(chain.Uri, items, [], attempt.DataAsOf, context.Session.States());
    }
}
