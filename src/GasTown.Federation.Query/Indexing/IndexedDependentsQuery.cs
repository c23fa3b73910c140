using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="DependentsQuery"/> answered from an <see cref="IQueryIndex"/>: the edges whose reference names the unit's
/// id are read by that id (<see cref="IQueryIndexReader.GetEdgesNaming"/>: in other chains, only URIs of the unit), each resolved in its own chain as a load
/// resolves it (its routes, the index's id lookup), and only the lines of the units whose edges resolve to the unit are
/// parsed. The chains are taken as an audit takes them (every known chain; past <see cref="QueryOptions.MaxChains"/> the
/// rest are reported with <c>ChainLimit</c>, as a load reports them). Null, and the caller loads the chains, whenever
/// the index cannot answer exactly: a chain it cannot describe, an id it cannot place, a reference only a load reads.
/// </summary>
internal static class IndexedDependentsQuery
{
    public static async ValueTask<DependentsResult?> TryRunAsync(QueryContext context, IQueryIndex index, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return (await IndexAttempt.RunAsync(context, index, "dependents", reader => Run(context, reader, reference, window: null), cancellationToken).ConfigureAwait(false))?.Result;
    }

    /// <summary>One page of the answer: the edges of every dependent are resolved (rows only), and only the page's units' lines are parsed.</summary>
    public static ValueTask<DependentsPage?> TryPageAsync(QueryContext context, IQueryIndex index, string reference, DependentsWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return IndexAttempt.RunAsync(context, index, "dependents (page)", reader => Run(context, reader, reference, window), cancellationToken);
    }

    private static DependentsPage? Run(QueryContext context, IQueryIndexReader reader, string reference, DependentsWindow? window)
    {
        var chains = new TouchedChains(reader, context, answersChainLimit: true);
        if (!IndexReferences.TryResolveUserReference(context, reader, chains, reference, out var target)
            || chains.GetAllKnown() is null
            || reader.GetEdgesNaming(target) is not { } edges)
        {
            return null;
        }

        var key = WorkUnitKey.Of(target);
        var found = new List<(GtUri Uri, QueryIndexNamingEdge Edge)>();
        var resolvers = new Dictionary<GtUri, WorkReferenceContext>();
        foreach (var edge in edges)
        {
            var chainUri = edge.WorkUnit.ChainUri;
            if (WorkUnitKey.Of(edge.WorkUnit) == key || chains.IsPastLimit(chainUri))
            {
                // The unit itself, or a chain the load leaves unread.
                continue;
            }

            if (chains.Get(chainUri) is not { } chain)
            {
                return null;
            }

            if (chain.Unavailable is not null)
            {
                // A chain the index says is unavailable as a load would say it: it holds no rows, and none is an answer.
                continue;
            }

            if (!resolvers.TryGetValue(chainUri, out var resolver))
            {
                resolvers[chainUri] = resolver = IndexReferences.ContextFor(reader, chain, null, new Dictionary<string, string?>(StringComparer.Ordinal));
            }

            if (ReferenceResolver.TryResolve(resolver, edge.DependsOnId, out var named, out _) && WorkUnitKey.Of(named) == key)
            {
                found.Add((edge.WorkUnit, edge));
            }
        }

        // A page keeps its own units' edges before any line is parsed; the count and the next token are the whole answer's.
        var (count, next) = (found.Select(f => f.Uri).Distinct().Count(), (string?)null);
        if (window is not null)
        {
            (var page, count, next) = window.Choose(found.Select(f => f.Uri));
            found = [.. found.Where(f => page.Contains(f.Uri))];
        }

        // Only the dependents' lines, chain by chain; a unit the index lists an edge of but cannot read is not an answer.
        var units = new Dictionary<GtUri, WorkUnitSummary>();
        foreach (var group in found.GroupBy(f => f.Uri.ChainUri))
        {
            foreach (var unit in reader.GetWorkUnitsByUri(group.Key, [.. group.Select(f => f.Uri).Distinct()]))
            {
                units[unit.Uri] = unit;
            }
        }

        var dependents = new List<(GtUri Uri, DependentWorkUnit Edge)>(found.Count);
        foreach (var (uri, edge) in found)
        {
            if (!units.TryGetValue(uri, out var unit))
            {
                return null;
            }

            dependents.Add((uri, new DependentWorkUnit(unit, edge.Type, edge.DependsOnId)));
        }

        if (!TryDescribeTarget(reader, chains, context, target, out var targetUnreachable))
        {
            return null;
        }

        var result = new DependentsResult(target, DependentsQuery.Ordered(dependents), [.. chains.FailedItems()], chains.States(), [.. chains.Truncations()])
        {
            TargetUnreachable = targetUnreachable,
        };
        return new DependentsPage(result, count, next);
    }

    /// <summary>
    /// As the loaded path says why the target itself was not reached, from the chains every known chain already touched
    /// (none is asked for anew); false when the index cannot tell whether the unit exists.
    /// </summary>
    private static bool TryDescribeTarget(IQueryIndexReader reader, TouchedChains chains, QueryContext context, GtUri target, out UnreachableItem? unreachable)
    {
        unreachable = null;
        if (!reader.KnownChains.Contains(target.ChainUri))
        {
            unreachable = DependentsQuery.NotRegistered(context, target);
            return true;
        }

        if (chains.Get(target) is not { } chain)
        {
            return false;
        }

        if (chain.Unavailable is not null)
        {
            unreachable = chains.Unreachable(target, null);
            return true;
        }

        if (!reader.TryFindWorkUnitState(chain.Uri, target.WorkId!, out var unit))
        {
            return false;
        }

        unreachable = unit is null ? DependentsQuery.UnknownId(chain.Uri, target) : null;
        return true;
    }
}
