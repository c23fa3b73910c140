using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="ShowQuery"/> answered from an <see cref="IQueryIndex"/>: the shown unit and each dependency target are
/// read by id (one line each), references resolve with the chain's routes and the index's id lookup, and each chain's
/// state is the one a load would report. Returns null, and the caller loads chains, whenever the index cannot answer
/// exactly so: a chain it cannot describe, an ambiguous id, an error (the loading path says it), or the chain limit.
/// </summary>
internal static class IndexedShowQuery
{
    public static ValueTask<ShowResult?> TryRunAsync(QueryContext context, IQueryIndex index, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return IndexAttempt.RunAsync(context, index, "show", reader => Run(context, reader, reference), cancellationToken);
    }

    private static ShowResult? Run(QueryContext context, IQueryIndexReader reader, string reference)
    {
        var chains = new TouchedChains(reader, context);
        if (!IndexReferences.TryResolveUserReference(context, reader, chains, reference, out var uri))
        {
            return null;
        }

        if (chains.Get(uri) is not { Unavailable: null } chain || !reader.TryFindWorkUnit(chain.Uri, uri.WorkId!, out var unit))
        {
            return null;
        }

        if (unit is null)
        {
            QuerySource.Mark(QuerySource.Index);
            throw ShowQuery.NotFound(chain.Uri, uri, chain.DataAsOf);
        }

        var resolver = IndexReferences.ContextFor(reader, chain, null);
        var dependencies = new List<ResolvedDependency>();
        var unreachable = new List<UnreachableItem>();
        foreach (var dependency in unit.WorkUnit.Dependencies)
        {
            var type = dependency.Type;
            if (!ReferenceResolver.TryResolve(resolver, dependency.DependsOnId, out var target, out var error))
            {
                dependencies.Add(new ResolvedDependency(dependency.DependsOnId, type, null, null, null, UnreachableReason.InvalidReference));
                unreachable.Add(new UnreachableItem(dependency.DependsOnId, UnreachableReason.InvalidReference, error ?? "unresolvable", unit.Uri));
                continue;
            }

            if (chains.Get(target) is not { } targetChain)
            {
                return null;
            }

            if (targetChain.Unavailable is { } unavailable)
            {
                var reason = ChainSession.Map(unavailable);
                var message = ChainSession.Describe(targetChain.Uri, reason, targetChain.Message, context.Fetch, targetChain.DataAsOf);
                dependencies.Add(new ResolvedDependency(dependency.DependsOnId, type, target, null, null, reason));
                unreachable.Add(new UnreachableItem(target.ToString(), reason, message, unit.Uri));
            }
            else if (!reader.TryFindWorkUnit(targetChain.Uri, target.WorkId!, out var targetUnit))
            {
                return null;
            }
            else if (targetUnit is not null)
            {
                dependencies.Add(new ResolvedDependency(dependency.DependsOnId, type, targetUnit.Uri, targetUnit.Status, targetUnit.Title, null));
            }
            else
            {
                dependencies.Add(new ResolvedDependency(dependency.DependsOnId, type, target, null, null, UnreachableReason.UnknownId));
                unreachable.Add(new UnreachableItem(target.ToString(), UnreachableReason.UnknownId, ShowQuery.UnknownTarget(targetChain.Uri, target), unit.Uri));
            }
        }

        return new ShowResult(unit, unit.WorkUnit.Description, unit.WorkUnit.Labels, dependencies, unreachable, chain.DataAsOf, chains.States());
    }
}
