using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Ready work across the federation, following upstream's <c>bd ready</c>: a work unit is ready when its
/// status is <c>open</c> and nothing blocks it. Blockers are the targets of its <c>blocks</c>,
/// <c>conditional-blocks</c> and <c>waits-for</c> edges (local or in another chain) and the children it
/// delegated (a delegating parent waits for its delegated work, as gastown's blocks edge parent→child
/// says), each blocking until closed; a blocker that cannot be reached blocks too and is reported.
/// Parent-child does not block a child because its parent is open, but a child of a blocked parent is
/// blocked too, transitively (upstream's blocked-issues propagation).
/// </summary>
internal static class ReadyQuery
{
    private const FederationEdgeKinds BlockingEdges = FederationEdgeKinds.Blocking | FederationEdgeKinds.Delegation;

    public static async ValueTask<ReadyWorkResult> RunAsync(QueryContext context, CancellationToken cancellationToken)
    {
        await context.Session.LoadAllKnownAsync(cancellationToken).ConfigureAwait(false);

        // Blockers may live in chains not loaded yet: load those (lazily, bounded) until none is new.
        FederationSnapshot snapshot;
        while (true)
        {
            snapshot = context.Session.Snapshot;
            var pending = new SortedSet<string>(StringComparer.Ordinal);
            var pendingUris = new List<GtUri>();
            for (var node = 0; node < snapshot.Graph.NodeCount; node++)
            {
                if (snapshot.Units[node] is null && HasIncoming(snapshot.Graph, node, BlockingEdges))
                {
                    var chain = snapshot.NodeUris[node].ChainUri;
                    if (!context.Session.WasAttempted(chain) && pending.Add(chain.ToString()))
                    {
                        pendingUris.Add(chain);
                    }
                }
            }

            if (pendingUris.Count == 0)
            {
                break;
            }

            foreach (var chain in pendingUris)
            {
                await context.Session.GetAsync(chain, cancellationToken).ConfigureAwait(false);
            }
        }

        var graph = snapshot.Graph;
        var blockers = new Dictionary<int, List<string>>();
        var unreachable = new List<UnreachableItem>();
        var reported = new HashSet<int>();
        for (var node = 0; node < graph.NodeCount; node++)
        {
            // Every unfinished unit gets its blockers, so a blocked in-progress parent still blocks its children.
            if (snapshot.Units[node] is not { } unit || unit.Unit.IsClosed)
            {
                continue;
            }

            foreach (var (target, kind) in graph.GetOutgoing(node))
            {
                if (!BlockingEdges.Contains(kind))
                {
                    continue;
                }

                if (snapshot.Units[target] is { } blocker)
                {
                    if (!blocker.Unit.IsClosed)
                    {
                        Add(blockers, node, blocker.Uri.ToString());
                    }
                }
                else
                {
                    Add(blockers, node, snapshot.NodeUris[target].ToString());
                    unreachable.Add(context.Walker.Describe(snapshot, target, unit.Uri.ToString()));
                    reported.Add(target);
                }
            }

            foreach (var reference in snapshot.Unresolved)
            {
                if (reference.SourceNode == node && FederationEdgeKinds.Blocking.Contains(reference.Kind))
                {
                    Add(blockers, node, reference.Text);
                    unreachable.Add(new UnreachableItem(reference.Text, UnreachableReason.InvalidReference, reference.Error, unit.Uri.ToString()));
                }
            }
        }

        PropagateToChildren(snapshot, blockers);

        var ready = new List<WorkUnitSummary>();
        var blocked = new List<BlockedWorkUnit>();
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (snapshot.Units[node] is not { } unit || unit.Unit.Status != WorkStatus.Open)
            {
                continue;
            }

            if (blockers.TryGetValue(node, out var list))
            {
                blocked.Add(new BlockedWorkUnit(Summaries.Of(unit), list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()));
            }
            else
            {
                ready.Add(Summaries.Of(unit));
            }
        }

        ready.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : string.CompareOrdinal(a.Uri, b.Uri));
        blocked.Sort((a, b) => string.CompareOrdinal(a.WorkUnit.Uri, b.WorkUnit.Uri));
        unreachable.AddRange(context.Session.FailedChains().Where(f => !unreachable.Any(u => u.Target.StartsWith(f.Target + "/", StringComparison.Ordinal))));
        unreachable.Sort((a, b) => string.CompareOrdinal(a.Target, b.Target) is var c && c != 0 ? c : string.CompareOrdinal(a.ReferencedFrom, b.ReferencedFrom));
        return new ReadyWorkResult(ready, blocked, unreachable);
    }

    /// <summary>A child of a blocked unit is blocked too, transitively; its blocker is the blocked ancestor nearest to it.</summary>
    private static void PropagateToChildren(FederationSnapshot snapshot, Dictionary<int, List<string>> blockers)
    {
        var graph = snapshot.Graph;
        var queue = new Queue<int>(blockers.Keys.Order());
        var blockedNodes = new HashSet<int>(blockers.Keys);
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            foreach (var (child, kind) in graph.GetIncoming(parent))
            {
                if (kind != FederationEdgeKind.ParentChild || !blockedNodes.Add(child))
                {
                    continue;
                }

                Add(blockers, child, snapshot.NodeUris[parent].ToString());
                queue.Enqueue(child);
            }
        }
    }

    private static bool HasIncoming(FederationGraph graph, int node, FederationEdgeKinds kinds)
    {
        foreach (var (_, kind) in graph.GetIncoming(node))
        {
            if (kinds.Contains(kind))
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(Dictionary<int, List<string>> blockers, int node, string blocker)
    {
        if (!blockers.TryGetValue(node, out var list))
        {
            blockers[node] = list = [];
        }

        list.Add(blocker);
    }
}
