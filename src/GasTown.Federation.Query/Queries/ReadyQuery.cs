using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Ready work across the federation, following upstream's <c>bd ready</c> (beads
/// <c>internal/storage/issueops/ready_work.go</c>): a work unit is ready when its status is <c>open</c> or
/// <c>in_progress</c>, it is not pinned, not deferred (<c>defer_until</c> in the future, or a child of such a
/// parent), and nothing blocks it; <c>blocked</c>, <c>deferred</c>, <c>pinned</c>, <c>hooked</c> and closed units
/// are never ready. Blockers are the targets of its <c>blocks</c>, <c>conditional-blocks</c> and <c>waits-for</c>
/// edges (local or in another chain) and the children it delegated (a delegating parent waits for its delegated
/// work, as gastown's blocks edge parent→child says), each blocking until closed; a blocker that cannot be reached
/// blocks too and is reported. A stored <c>blocked-by</c> dependency does not block: upstream only accepts
/// <c>blocked-by</c> as an input alias it stores as <c>blocks</c> (beads <c>21c55f489</c>, 2026-05-02), and its ready
/// query reads only the three blocking types. Parent-child does not block a child because its parent is open, but
/// a child of a blocked parent is blocked too, transitively (upstream's blocked-issues propagation).
/// </summary>
internal static class ReadyQuery
{
    private const FederationEdgeKinds BlockingEdges = FederationEdgeKinds.Blocking | FederationEdgeKinds.Delegation;

    public static async ValueTask<ReadyWorkResult> RunAsync(QueryContext context, CancellationToken cancellationToken)
    {
        if (context.Index is { } index && await IndexedReadyQuery.TryRunAsync(context, index, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        QuerySource.Mark(QuerySource.Chains);
        await context.Session.LoadAllKnownAsync(cancellationToken).ConfigureAwait(false);

        // Blockers may live in chains not loaded yet: load those (lazily, bounded) until none is new. Each round tries them
        // in URI order, never in the graph's node order: which of them the chain limit leaves out, and the order of the
        // answer's chains, then follow from what the chains say, so the index can answer the same without the graph.
        FederationSnapshot snapshot;
        while (true)
        {
            snapshot = context.Session.Snapshot;
            var pending = new SortedDictionary<string, GtUri>(StringComparer.Ordinal);
            for (var node = 0; node < snapshot.Graph.NodeCount; node++)
            {
                if (snapshot.Units[node] is null && HasIncoming(snapshot.Graph, node, BlockingEdges))
                {
                    var chain = snapshot.NodeUris[node].ChainUri;
                    if (!context.Session.WasAttempted(chain))
                    {
                        pending.TryAdd(chain.ToString(), chain);
                    }
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            foreach (var chain in pending.Values)
            {
                await context.Session.GetAsync(chain, cancellationToken).ConfigureAwait(false);
            }
        }

        var graph = snapshot.Graph;
        var blockers = new Dictionary<int, List<string>>();
        var unreachable = new UnreachableCollector();
        // References that did not resolve, by the unit that wrote them (looked up per unit: a scan of all of them per unit
        // cost the square of a remote's units and edges).
        var unresolved = snapshot.Unresolved.Where(r => FederationEdgeKinds.Blocking.Contains(r.Kind)).ToLookup(r => r.SourceNode);
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
                    unreachable.Add(context.Walker.Describe(snapshot, target, unit.Uri));
                }
            }

            foreach (var reference in unresolved[node])
            {
                Add(blockers, node, reference.Text);
                unreachable.Add(new UnreachableItem(reference.Text, UnreachableReason.InvalidReference, reference.Error, unit.Uri));
            }
        }

        PropagateToChildren(snapshot, blockers);
        var now = context.Now;
        var deferredChildren = ChildrenOfDeferred(snapshot, now);

        var ready = new List<WorkUnitSummary>();
        var blocked = new List<BlockedWorkUnit>();
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (snapshot.Units[node] is not { } unit || !IsCandidate(unit.Unit, now) || deferredChildren.Contains(node))
            {
                continue;
            }

            if (blockers.TryGetValue(node, out var list))
            {
                blocked.Add(new BlockedWorkUnit(Summaries.Of(context.Session, unit), list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()));
            }
            else
            {
                ready.Add(Summaries.Of(context.Session, unit));
            }
        }

        ready.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : WorkUnitSummary.CompareByUri(a, b));
        blocked.Sort((a, b) => WorkUnitSummary.CompareByUri(a.WorkUnit, b.WorkUnit));
        var (items, omitted) = unreachable.Finish(context.Session.FailedChains());
        return new ReadyWorkResult(ready, blocked, items, context.Session.States(), [.. context.Session.ChainTruncations()]) { OmittedUnreachable = omitted };
    }

    /// <summary>The one candidate rule of ready work (loaded, indexed and paged): open or in progress, not pinned, not deferred to the future.</summary>
    internal static bool IsCandidate(WorkUnit unit, DateTimeOffset now) =>
        (unit.Status == WorkStatus.Open || unit.Status == WorkStatus.InProgress) && !unit.Pinned && !IsDeferred(unit, now);

    /// <summary>Deferred to after <paramref name="now"/> (a deferred parent hides its children).</summary>
    internal static bool IsDeferred(WorkUnit unit, DateTimeOffset now) => unit.DeferUntil is { } until && until.Value > now;

    /// <summary>Direct children (parent-child) of units deferred to the future: upstream leaves them out of ready work.</summary>
    private static HashSet<int> ChildrenOfDeferred(FederationSnapshot snapshot, DateTimeOffset now)
    {
        var result = new HashSet<int>();
        for (var node = 0; node < snapshot.Graph.NodeCount; node++)
        {
            if (snapshot.Units[node] is { } parent && IsDeferred(parent.Unit, now))
            {
                foreach (var (child, kind) in snapshot.Graph.GetIncoming(node))
                {
                    if (kind == FederationEdgeKind.ParentChild)
                    {
                        result.Add(child);
                    }
                }
            }
        }

        return result;
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
