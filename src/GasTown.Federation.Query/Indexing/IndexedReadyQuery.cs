using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="ReadyQuery"/> answered from an <see cref="IQueryIndex"/>: the unfinished units of every known chain are
/// read from their lines, the blocking and parent-child edges of all units from the index's edge rows (no line read),
/// and each blocker's status by id. Returns null, and the caller loads chains, whenever the index cannot answer exactly
/// as the loaded graph would: delegations or ids in several rigs, a chain it cannot describe, more than one chain
/// outside the known ones, one missing unit named two ways, a child under two blocked parents, or the chain limit.
/// </summary>
internal static class IndexedReadyQuery
{
    private static readonly string[] EdgeTypes = ["blocks", "conditional-blocks", "waits-for", "parent-child"];

    public static ValueTask<ReadyWorkResult?> TryRunAsync(QueryContext context, IQueryIndex index, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "ready", reader => reader.CanAnswerWalks ? Run(context, reader) : null, cancellationToken);

    private static ReadyWorkResult? Run(QueryContext context, IQueryIndexReader reader)
    {
        var chains = new TouchedChains(reader, context);

        if (chains.GetAllKnown() is not { } all)
        {
            return null;
        }

        var (known, available) = all;

        var knownSet = known.Select(k => k.ChainUri).ToHashSet();
        var unfinished = new Dictionary<string, (WorkUnitSummary Unit, QueryIndexChain Chain)>(StringComparer.Ordinal);
        var edges = new List<Edge>();
        var targetSpellings = new Dictionary<string, HashSet<GtUri>>(StringComparer.Ordinal);
        foreach (var chain in available)
        {
            foreach (var unit in reader.GetUnfinishedWorkUnits(chain.Uri))
            {
                unfinished[WorkUnitKey.Of(unit.Uri)] = (unit, chain);
            }

            // Every edge row (not only the four the walk follows): the loaded graph names a unit no chain has by the first
            // spelling among all edges, closed sources and related edges included.
            var resolver = IndexReferences.ContextFor(reader, chain, null);
            foreach (var dependency in reader.GetDependencies(chain.Uri, null))
            {
                var resolved = ReferenceResolver.TryResolve(resolver, dependency.DependsOnId, out var target, out var error);
                if (resolved)
                {
                    (targetSpellings.TryGetValue(WorkUnitKey.Of(target), out var set) ? set : targetSpellings[WorkUnitKey.Of(target)] = []).Add(target);
                }

                if (!EdgeTypes.Contains(dependency.Type, StringComparer.Ordinal))
                {
                    continue;
                }

                var kind = FederationEdgeKindExtensions.FromDependencyType(dependency.Type);
                edges.Add(resolved
                    ? new Edge(dependency.Source, dependency.DependsOnId, kind, target, null)
                    : new Edge(dependency.Source, dependency.DependsOnId, kind, null, error ?? "The reference could not be resolved."));
            }
        }

        // Nodes as the graph keys them (no rig): a unit's URI, or the first spelling of a target without a unit.
        var spellings = new Dictionary<string, GtUri>(StringComparer.Ordinal);
        var closedOrMissing = new Dictionary<string, WorkUnitSummary?>(StringComparer.Ordinal);
        var sourceUris = new Dictionary<string, GtUri>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            sourceUris.TryAdd(WorkUnitKey.Of(edge.Source), edge.Source);
        }

        WorkUnitSummary? UnitOf(GtUri uri, out bool isUnit)
        {
            var key = WorkUnitKey.Of(uri);
            if (unfinished.TryGetValue(key, out var open))
            {
                isUnit = true;
                return open.Unit;
            }

            if (!closedOrMissing.TryGetValue(key, out var found))
            {
                found = null;
                if (knownSet.Contains(uri.ChainUri) && chains.Get(uri) is { Unavailable: null } && !reader.TryFindWorkUnit(uri.ChainUri, uri.WorkId!, out found))
                {
                    throw new IndexCannotAnswerException();
                }

                closedOrMissing[key] = found;
            }

            isUnit = found is not null;
            if (found is null && ((spellings.TryGetValue(key, out var spelled) && spelled != uri) || targetSpellings.GetValueOrDefault(key) is { Count: > 1 }))
            {
                // The loaded graph names a missing unit by the first spelling it met, in an order the index does not keep.
                throw new IndexCannotAnswerException();
            }

            spellings.TryAdd(key, uri);
            return found;
        }

        string UriOf(string key) =>
            unfinished.TryGetValue(key, out var open) ? open.Unit.Uri.ToString()
            : closedOrMissing.GetValueOrDefault(key) is { } closed ? closed.Uri.ToString()
            : sourceUris.TryGetValue(key, out var source) ? source.ToString()
            : spellings[key].ToString();

        // Blocking targets in chains no one registered are tried, as the loading path does, after the known ones; with
        // more than one, the order it tries them in is the graph's, which the index does not keep.
        var pending = edges.Where(e => e.Target is { } t && FederationEdgeKinds.Blocking.Contains(e.Kind) && !knownSet.Contains(t.ChainUri))
            .Select(e => e.Target!.Value.ChainUri).Distinct().ToList();
        if (pending.Count > 1)
        {
            return null;
        }

        foreach (var chain in pending)
        {
            if (chains.Get(chain) is null)
            {
                return null;
            }
        }

        var blockers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unreachable = new List<UnreachableItem>();
        var parents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            var sourceKey = WorkUnitKey.Of(edge.Source);
            if (edge.Kind == FederationEdgeKind.ParentChild)
            {
                if (edge.Target is { } parent)
                {
                    _ = UnitOf(parent, out _);
                    (parents.TryGetValue(sourceKey, out var list) ? list : parents[sourceKey] = []).Add(WorkUnitKey.Of(parent));
                }

                continue;
            }

            // Every unfinished unit gets its blockers, so a blocked in-progress parent still blocks its children.
            if (!FederationEdgeKinds.Blocking.Contains(edge.Kind) || !unfinished.ContainsKey(sourceKey))
            {
                continue;
            }

            if (edge.Target is not { } target)
            {
                Add(blockers, sourceKey, edge.Text);
                unreachable.Add(new UnreachableItem(edge.Text, UnreachableReason.InvalidReference, edge.Error!, edge.Source));
                continue;
            }

            var blocker = UnitOf(target, out var isUnit);
            if (isUnit)
            {
                if (!blocker!.WorkUnit.IsClosed)
                {
                    Add(blockers, sourceKey, blocker.Uri.ToString());
                }

                continue;
            }

            var spelled = spellings[WorkUnitKey.Of(target)];
            Add(blockers, sourceKey, spelled.ToString());
            unreachable.Add(chains.Get(spelled) is { Unavailable: { } reason }
                ? new UnreachableItem(spelled.ToString(), ChainSession.Map(reason), ChainSession.Describe(spelled.ChainUri, ChainSession.Map(reason), null, context.Fetch), edge.Source)
                : new UnreachableItem(spelled.ToString(), UnreachableReason.UnknownId, ShowQuery.UnknownTarget(spelled.ChainUri, spelled), edge.Source));
        }

        Propagate(parents, blockers, UriOf);

        var now = context.Now;
        var ready = new List<WorkUnitSummary>();
        var blocked = new List<BlockedWorkUnit>();
        foreach (var (key, (unit, _)) in unfinished)
        {
            if (!ReadyQuery.IsCandidate(unit.WorkUnit, now) || (parents.TryGetValue(key, out var ofUnit) && ofUnit.Any(p => ParentDeferred(p, now))))
            {
                continue;
            }

            if (blockers.TryGetValue(key, out var list))
            {
                blocked.Add(new BlockedWorkUnit(unit, list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()));
            }
            else
            {
                ready.Add(unit);
            }
        }

        bool ParentDeferred(string parentKey, DateTimeOffset at)
            => (unfinished.TryGetValue(parentKey, out var open) ? open.Unit : closedOrMissing.GetValueOrDefault(parentKey)) is { } parent && ReadyQuery.IsDeferred(parent.WorkUnit, at);

        ready.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : WorkUnitSummary.CompareByUri(a, b));
        blocked.Sort((a, b) => WorkUnitSummary.CompareByUri(a.WorkUnit, b.WorkUnit));
        unreachable.AddRange(chains.FailedItems().Where(f => !unreachable.Any(u => u.Target.StartsWith(f.Target + "/", StringComparison.Ordinal))));
        unreachable.Sort((a, b) => string.CompareOrdinal(a.Target, b.Target) is var c && c != 0 ? c : string.CompareOrdinal(a.ReferencedFrom?.ToString(), b.ReferencedFrom?.ToString()));
        return new ReadyWorkResult(ready, blocked, unreachable, chains.States(), []);
    }

    /// <summary>As ReadyQuery.PropagateToChildren: a child of a blocked unit is blocked by it, transitively; a child under two blocked parents is declined (the loaded graph picks one by its node order).</summary>
    private static void Propagate(Dictionary<string, List<string>> parents, Dictionary<string, List<string>> blockers, Func<string, string> uriOf)
    {
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (child, list) in parents)
        {
            foreach (var parent in list)
            {
                (children.TryGetValue(parent, out var c) ? c : children[parent] = []).Add(child);
            }
        }

        var blockedNodes = new HashSet<string>(blockers.Keys, StringComparer.Ordinal);
        var via = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>(blockers.Keys);
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            if (!children.TryGetValue(parent, out var list))
            {
                continue;
            }

            foreach (var child in list)
            {
                if (via.TryGetValue(child, out var first) && first != parent)
                {
                    throw new IndexCannotAnswerException();
                }

                if (!blockedNodes.Add(child))
                {
                    continue;
                }

                via[child] = parent;
                Add(blockers, child, uriOf(parent));
                queue.Enqueue(child);
            }
        }
    }

    private static void Add(Dictionary<string, List<string>> blockers, string node, string blocker)
    {
        if (!blockers.TryGetValue(node, out var list))
        {
            blockers[node] = list = [];
        }

        list.Add(blocker);
    }

    private sealed record Edge(GtUri Source, string Text, FederationEdgeKind Kind, GtUri? Target, string? Error);

}
