using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary><c>bd show gt://…</c>: one work unit with every dependency resolved across the federation.</summary>
internal static class ShowQuery
{
    public static async ValueTask<ShowResult> RunAsync(QueryContext context, string reference, CancellationToken cancellationToken)
    {
        if (context.Index is { } index && await IndexedShowQuery.TryRunAsync(context, index, reference, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        QuerySource.Mark(QuerySource.Chains);
        var uri = await context.ResolveUserReferenceAsync(reference, cancellationToken).ConfigureAwait(false);
        var attempt = await context.Session.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        if (attempt.Chain is not { } chain)
        {
            throw QueryContext.Unavailable(attempt, uri.ToString());
        }

        if (!chain.TryGetWorkUnit(uri.WorkId!, out var unit))
        {
            throw NotFound(chain.Uri, uri, attempt.DataAsOf);
        }

        var resolver = ReferenceResolver.ContextFor(chain);
        var dependencies = new List<ResolvedDependency>();
        var unreachable = new List<UnreachableItem>();
        foreach (var dependency in unit.Unit.Dependencies)
        {
            var type = dependency.Type;
            if (!ReferenceResolver.TryResolve(resolver, dependency.DependsOnId, out var target, out var error))
            {
                dependencies.Add(new ResolvedDependency(dependency.DependsOnId, type, null, null, null, UnreachableReason.InvalidReference));
                unreachable.Add(new UnreachableItem(dependency.DependsOnId, UnreachableReason.InvalidReference, error ?? "unresolvable", unit.Uri));
                continue;
            }

            var targetAttempt = await context.Session.GetAsync(target, cancellationToken).ConfigureAwait(false);
            if (targetAttempt.Chain is not { } targetChain)
            {
                var item = targetAttempt.ToUnreachable(target.ToString(), unit.Uri);
                dependencies.Add(new ResolvedDependency(dependency.DependsOnId, type, target, null, null, item.Reason));
                unreachable.Add(item);
            }
            else if (targetChain.TryGetWorkUnit(target.WorkId!, out var targetUnit))
            {
                dependencies.Add(new ResolvedDependency(dependency.DependsOnId, type, targetUnit.Uri, targetUnit.Unit.Status, targetUnit.Unit.Title, null));
            }
            else
            {
                dependencies.Add(new ResolvedDependency(dependency.DependsOnId, type, target, null, null, UnreachableReason.UnknownId));
                unreachable.Add(new UnreachableItem(target.ToString(), UnreachableReason.UnknownId, UnknownTarget(targetChain.Uri, target), unit.Uri));
            }
        }

        return new ShowResult(Summaries.Of(chain, unit), unit.Unit.Description, unit.Unit.Labels, dependencies, unreachable, attempt.DataAsOf, context.Session.States());
    }

    /// <summary>
    /// The error of a show whose chain has no such work unit (said once, for both paths). A fetched chain may have the
    /// unit since its last fetch; a chain read as it is now (the local town's folder) has not, so no fetch is offered.
    /// </summary>
    public static FederationQueryException NotFound(GtUri chain, GtUri uri, DateTimeOffset? fetchedAt) =>
        new(FederationQueryError.NotFound, fetchedAt is { } at
            ? $"Chain {chain} had no work unit '{uri.WorkId}' when it was last fetched ({MessageText.Time(at)}). Check the id, or fetch the chain again if the work unit is new."
            : $"Chain {chain} has no work unit '{uri.WorkId}'. Check the id.", uri.ToString())
        {
            Reason = UnreachableReason.UnknownId,
            Chain = chain,
        };

    /// <summary>The message of a dependency whose target chain has no such work unit (said once, for both paths).</summary>
    public static string UnknownTarget(GtUri chain, GtUri target) =>
        $"Chain {chain} has no work unit '{target.WorkId}' (never exported, deleted, or in a private rig).";
}
