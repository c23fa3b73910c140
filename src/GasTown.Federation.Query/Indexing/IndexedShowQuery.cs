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
    public static async ValueTask<ShowResult?> TryRunAsync(QueryContext context, IQueryIndex index, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        try
        {
            return await RunAsync(context, index, reference, cancellationToken).ConfigureAwait(false);
        }
        catch (CannotAnswerException)
        {
            return null;
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or FederationQueryException))
        {
            // The index is a cache: whatever it throws (a damaged file, a disk error) never fails the query.
            Log.IndexFailed(context.Logger, exception, "show");
            return null;
        }
    }

    private static async ValueTask<ShowResult?> RunAsync(QueryContext context, IQueryIndex index, string reference, CancellationToken cancellationToken)
    {
        if (!WorkReference.TryParse(reference, out var parsed) || (parsed.Kind == WorkReferenceKind.Absolute && parsed.Uri.Kind != GtUriKind.WorkUnit))
        {
            return null;
        }

        using var reader = await index.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        if (reader is null)
        {
            return null;
        }

        var chains = new TouchedChains(reader, context);
        GtUri uri;
        if (parsed.Kind == WorkReferenceKind.Absolute)
        {
            uri = parsed.Uri;
        }
        else
        {
            // A short form resolves against the local town, as QueryContext.ResolveUserReferenceAsync does.
            if (reader.LocalChain is not { } localUri || chains.Get(localUri) is not { Unavailable: null } local
                || !ReferenceResolver.TryResolve(Context(reader, local, context.Options.CurrentRig), reference, out uri, out _))
            {
                return null;
            }
        }

        if (chains.Get(uri) is not { Unavailable: null } chain || !reader.TryFindWorkUnit(chain.Uri, uri.WorkId!, out var unit))
        {
            return null;
        }

        if (unit is null)
        {
            QuerySource.Mark(QuerySource.Index);
            throw ShowQuery.NotFound(chain.Uri, uri);
        }

        var resolver = Context(reader, chain, null);
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
                var message = ChainSession.Describe(targetChain.Uri, reason, null, context.Fetch);
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

        QuerySource.Mark(QuerySource.Index);
        return new ShowResult(unit, unit.WorkUnit.Description, unit.WorkUnit.Labels, dependencies, unreachable, chain.DataAsOf, chains.States());
    }

    /// <summary>The reference context of a chain (<see cref="ReferenceResolver.ContextFor"/>), its id lookup answered by the index.</summary>
    /// <remarks>The lookup runs during resolution; an id the index cannot place exactly ends the indexed answer there.</remarks>
    private static WorkReferenceContext Context(IQueryIndexReader reader, QueryIndexChain chain, string? currentRig)
        => chain.Routes.CreateReferenceContext(chain.Uri, currentRig, id => reader.TryFindRig(chain.Uri, id, out var rig) ? rig : throw new CannotAnswerException());

    /// <summary>Thrown inside a resolution the index cannot answer exactly; caught by <see cref="TryRunAsync"/>, never seen outside.</summary>
    private sealed class CannotAnswerException : Exception;
}
