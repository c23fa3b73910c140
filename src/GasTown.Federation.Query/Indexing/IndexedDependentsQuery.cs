using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="DependentsQuery"/> answered from an <see cref="IQueryIndex"/>: the edges whose reference names the unit's
/// id are read by that id (<see cref="IQueryIndexReader.GetEdgesNaming"/>: in other chains, only URIs of the unit), each resolved in its own chain as a load
/// resolves it (its routes, the index's id lookup), and only the lines of the units whose edges resolve to the unit are
/// parsed. The chains are taken as an audit takes them (every known chain; past <see cref="QueryOptions.MaxChains"/> the
/// rest are reported with <c>ChainLimit</c>, as a load reports them). Null, and the caller loads the chains, whenever
/// the index cannot answer exactly: a chain it cannot describe, an id it cannot place, a reference only a load reads.
/// A page resolves every edge (rows only) and parses its own units' lines; a walk resolves once
/// (<see cref="ResolvedDependents"/>) and reads each page from the same reader.
/// </summary>
internal static class IndexedDependentsQuery
{
    public static async ValueTask<DependentsResult?> TryRunAsync(QueryContext context, IQueryIndex index, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var page = await IndexAttempt.RunAsync(context, index, "dependents", reader => Resolve(context, reader, reference) is { } resolved
            ? Read(reader, resolved, [.. resolved.Units.All], next: null)
            : null, cancellationToken).ConfigureAwait(false);
        return page?.Result;
    }

    /// <summary>One page of the answer: the edges of every dependent are resolved (rows only), and only the page's units' lines are parsed.</summary>
    public static ValueTask<DependentsPage?> TryPageAsync(QueryContext context, IQueryIndex index, string reference, int limit, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return IndexAttempt.RunAsync(context, index, "dependents (page)", reader => Resolve(context, reader, reference) is { } resolved
            ? ReadPage(reader, resolved, after, limit)
            : null, cancellationToken);
    }

    /// <summary>
    /// The page of <paramref name="limit"/> dependent units after the one <paramref name="after"/>'s token names, of an
    /// answer already resolved (a walk resolves once and reads each page from the same reader); null when the index cannot
    /// read one of its lines. The token is checked against the unit the reference resolved to.
    /// </summary>
    /// <exception cref="FederationQueryException">A token that is not one of this list's (<see cref="FederationQueryError.BadInput"/>).</exception>
    public static DependentsPage? ReadPage(IQueryIndexReader reader, ResolvedDependents resolved, string? after, int limit)
    {
        var start = resolved.Units.StartAfter(QueryPageToken.Decode(resolved.List, after));
        var (edges, _, next) = resolved.Units.Page(resolved.List, start, limit);
        return Read(reader, resolved, edges, next);
    }

    /// <summary>
    /// Every edge that names the unit, resolved from the index's rows (no line is parsed), with what the answer says
    /// besides them; null, and the caller loads the chains, when the index cannot answer exactly.
    /// </summary>
    public static ResolvedDependents? Resolve(QueryContext context, IQueryIndexReader reader, string reference)
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

        if (!TryDescribeTarget(reader, chains, context, target, out var targetUnreachable))
        {
            return null;
        }

        // The answer's chains, unreachable items and truncations are those of the rows read so far: reading the
        // dependents' lines asks for no chain.
        var whole = new DependentsResult(target, [], [.. chains.FailedItems()], chains.States(), [.. chains.Truncations()])
        {
            TargetUnreachable = targetUnreachable,
        };
        return new ResolvedDependents(whole, new DependentUnits<QueryIndexNamingEdge>(found), PagedList.Dependents(target));
    }

    /// <summary>The answer with <paramref name="edges"/>' lines parsed (only theirs, chain by chain); null when the index lists an edge of a unit it cannot read.</summary>
    private static DependentsPage? Read(IQueryIndexReader reader, ResolvedDependents resolved, List<(GtUri Uri, QueryIndexNamingEdge Edge)> edges, string? next)
    {
        var units = new Dictionary<GtUri, WorkUnitSummary>();
        foreach (var group in edges.GroupBy(f => f.Uri.ChainUri))
        {
            foreach (var unit in reader.GetWorkUnitsByUri(group.Key, [.. group.Select(f => f.Uri).Distinct()]))
            {
                units[unit.Uri] = unit;
            }
        }

        var dependents = new List<DependentWorkUnit>(edges.Count);
        foreach (var (uri, edge) in edges)
        {
            if (!units.TryGetValue(uri, out var unit))
            {
                return null;
            }

            dependents.Add(new DependentWorkUnit(unit, edge.Type, edge.DependsOnId));
        }

        return new DependentsPage(resolved.Whole with { Dependents = dependents }, resolved.Units.Count, next) { EdgeCount = resolved.Units.EdgeCount };
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
