using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="ReadyQuery"/> answered from an <see cref="IQueryIndex"/>: the unfinished units of every known chain within
/// <see cref="QueryOptions.MaxChains"/> are read from their lines, the blocking and parent-child edges of all their units
/// from the index's edge rows (no line read), the delegations those chains assert from the index's claim rows (judged by
/// <see cref="FollowedDelegation.Select"/>, as the loaded graph judges them), and each blocker's status by id. Chains past
/// the limit are reported as the loading path reports them (unreachable with <see cref="UnreachableReason.ChainLimit"/>,
/// a <see cref="TruncationBound.Chains"/> truncation), and a blocker in one is unreachable as it is there. Returns null, and
/// the caller loads chains, whenever the index cannot answer exactly as the loaded graph would: an id it cannot place, a
/// chain it cannot describe, one missing unit named two ways, a child under
/// two blocked parents, a delegation its parent's chain asserts twice under two spellings, or a missing delegated child
/// no dependency names while a chain writes cross-references in its relationships (either may name the missing unit
/// first, in an order the index does not keep).
/// </summary>
internal static class IndexedReadyQuery
{
    private static readonly string[] EdgeTypes = ["blocks", "conditional-blocks", "waits-for", "parent-child"];

    public static ValueTask<ReadyWorkResult?> TryRunAsync(QueryContext context, IQueryIndex index, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "ready", reader => Run(context, reader), cancellationToken);

    private static ReadyWorkResult? Run(QueryContext context, IQueryIndexReader reader)
    {
        var chains = new TouchedChains(reader, context, answersChainLimit: true);

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

        if (Delegations(reader, available) is not { } followed)
        {
            return null;
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

        // Blocking targets in chains no one registered are tried, as the loading path does, after the known ones and in
        // URI order. A delegated child is such a target too, whatever its parent's state (the loaded graph's edge blocks
        // its parent).
        var pending = edges.Where(e => e.Target is { } t && FederationEdgeKinds.Blocking.Contains(e.Kind) && !knownSet.Contains(t.ChainUri))
            .Select(e => e.Target!.Value.ChainUri)
            .Concat(followed.Select(f => f.Relationship.Child.ChainUri).Where(c => !knownSet.Contains(c)))
            .Distinct().OrderBy(c => c.ToString(), StringComparer.Ordinal).ToList();
        foreach (var chain in pending)
        {
            if (chains.Get(chain) is null)
            {
                return null;
            }
        }

        var blockers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unreachable = new UnreachableCollector();
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
            unreachable.Add(Missing(chains, spelled, edge.Source));
        }

        // The delegations the loaded graph adds after every dependency: each parent waits for its delegated children. A
        // child no unit is named as the graph first met it: by a dependency, else (after any cross-reference) by the
        // first followed delegation naming it, as parent or child, in their order.
        var relationSpellings = new Dictionary<string, GtUri>(StringComparer.Ordinal);
        foreach (var delegation in followed)
        {
            relationSpellings.TryAdd(WorkUnitKey.Of(delegation.Relationship.Parent), delegation.Relationship.Parent);
            relationSpellings.TryAdd(WorkUnitKey.Of(delegation.Relationship.Child), delegation.Relationship.Child);
        }

        bool? writtenCrossReferences = null;
        foreach (var delegation in followed)
        {
            var parentKey = WorkUnitKey.Of(delegation.Relationship.Parent);
            if (!unfinished.TryGetValue(parentKey, out var parent))
            {
                continue;
            }

            var childKey = WorkUnitKey.Of(delegation.Relationship.Child);
            var byDependency = targetSpellings.TryGetValue(childKey, out var set) ? set.First() : (GtUri?)null;
            var child = UnitOf(byDependency ?? relationSpellings[childKey], out var isUnit);
            if (isUnit)
            {
                if (!child!.WorkUnit.IsClosed)
                {
                    Add(blockers, parentKey, child.Uri.ToString());
                }

                continue;
            }

            if (byDependency is null && (writtenCrossReferences ??= available.Any(c => reader.MayHoldWrittenCrossReferences(c.Uri))))
            {
                return null;
            }

            var spelled = spellings[childKey];
            Add(blockers, parentKey, spelled.ToString());
            unreachable.Add(Missing(chains, spelled, parent.Unit.Uri));
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
        var (items, omitted) = unreachable.Finish(chains.FailedItems());
        return new ReadyWorkResult(ready, blocked, items, chains.States(), [.. chains.Truncations()]) { OmittedUnreachable = omitted };
    }

    /// <summary>
    /// The delegations the loaded graph follows over these chains: every claim they assert, judged by Query's one rule
    /// (<see cref="FollowedDelegation.Select"/>: the parent's chain, under a verified identity, must assert it), in its
    /// order. Null when a followed pair's parent chain asserts it under two spellings (the first, which names the nodes,
    /// is in an order the index keeps only within relationships.jsonl).
    /// </summary>
    internal static List<FollowedDelegation>? Delegations(IQueryIndexReader reader, IEnumerable<QueryIndexChain> loaded)
    {
        var claims = new List<RelationshipClaim>();
        foreach (var chain in loaded)
        {
            claims.AddRange(reader.GetDelegationClaims(chain.Uri).Select(Claim));
        }

        if (claims.Count == 0)
        {
            return [];
        }

        var spellings = new Dictionary<(string Parent, string Child), (string Parent, string Child)>();
        foreach (var claim in claims)
        {
            if (!TrustEvaluator.IsAssertedByAuthority(claim) || claim.Relationship is not DelegationRelationship d)
            {
                continue;
            }

            var spelled = (d.Parent.ToString(), d.Child.ToString());
            if (spellings.TryGetValue((WorkUnitKey.Of(d.Parent), WorkUnitKey.Of(d.Child)), out var first) ? first != spelled : !spellings.TryAdd((WorkUnitKey.Of(d.Parent), WorkUnitKey.Of(d.Child)), spelled))
            {
                return null;
            }
        }

        return FollowedDelegation.Select(TrustEvaluator.Evaluate(claims), null);
    }

    /// <summary>A claim as the loaded chains make it (its terms play no part in ready work).</summary>
    internal static RelationshipClaim Claim(QueryIndexDelegation claim) =>
        new(new DelegationRelationship(claim.Parent, claim.Child), claim.AssertedBy, TrustStatus.Unverified) { IsAsserterIdentityVerified = claim.IsAsserterIdentityVerified };

    // A blocker no chain has, as LazyWalker.Describe reports it: its chain's reason when unavailable, else an unknown id.
    internal static UnreachableItem Missing(TouchedChains chains, GtUri spelled, GtUri referencedFrom) =>
        chains.Get(spelled) is { Unavailable: not null }
            ? chains.Unreachable(spelled, referencedFrom)
            : new UnreachableItem(spelled.ToString(), UnreachableReason.UnknownId, ShowQuery.UnknownTarget(spelled.ChainUri, spelled), referencedFrom);

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
