using GasTown.Federation.Model;
using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Query;

/// <summary>
/// The walk engine: breadth-first over the federation graph, loading a chain only when the walk reaches
/// a node in a chain it has not loaded yet. Each round walks the graph of the chains loaded so far
/// (cycle-safe and bounded by <see cref="QueryOptions.MaxDepth"/> and <see cref="QueryOptions.MaxNodes"/>),
/// collects the chains its frontier crossed into, loads them (bounded by <see cref="QueryOptions.MaxChains"/>)
/// and walks again; it stops when a round crosses into no new chain. Rounds are at most the chain
/// limit, and re-walking is cheap next to fetching. Whatever stays out of reach comes back as
/// <see cref="UnreachableItem"/>s.
/// </summary>
internal sealed class LazyWalker
{
    private readonly ChainSession session;
    private readonly QueryOptions options;
    private readonly ILogger logger;

    public LazyWalker(ChainSession session, QueryOptions options, ILogger logger)
    {
        this.session = session;
        this.options = options;
        this.logger = logger;
    }

    public async ValueTask<LazyWalkResult> WalkAsync(IReadOnlyList<GtUri> starts, FederationWalkSpec spec, CancellationToken cancellationToken)
    {
        foreach (var start in starts)
        {
            await session.GetAsync(start, cancellationToken).ConfigureAwait(false);
        }

        var rounds = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rounds++;
            var snapshot = session.Snapshot;
            var startNodes = new List<int>(starts.Count);
            foreach (var start in starts)
            {
                if (snapshot.TryGetNode(start, out var node))
                {
                    startNodes.Add(node);
                }
            }

            var walk = startNodes.Count == 0
                ? snapshot.Graph.Walk([], spec, options.MaxDepth, options.MaxNodes)
                : snapshot.Graph.Walk(startNodes.ToArray(), spec, options.MaxDepth, options.MaxNodes);

            var pending = new List<GtUri>();
            foreach (var node in walk.Nodes)
            {
                if (snapshot.Units[node] is null)
                {
                    var chain = snapshot.NodeUris[node].ChainUri;
                    if (!session.WasAttempted(chain) && !pending.Contains(chain))
                    {
                        pending.Add(chain);
                    }
                }
            }

            if (pending.Count == 0)
            {
                var unreachable = Unreachable(snapshot, walk, spec);
                var first = starts.Count > 0 ? starts[0].ToString() : "(nothing)";
                if (walk.Stop == FederationWalkStop.Complete)
                {
                    Log.WalkCompleted(logger, first, walk.Count, session.Loaded.Count, rounds);
                }
                else
                {
                    Log.WalkCut(logger, first, walk.Stop, walk.Count);
                }

                return new LazyWalkResult(snapshot, walk, unreachable, Truncations(walk, first));
            }

            pending.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
            foreach (var chain in pending)
            {
                await session.GetAsync(chain, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reports each visited node without a work unit, and each unresolvable reference the walk would have followed.</summary>
    public List<UnreachableItem> Unreachable(FederationSnapshot snapshot, FederationWalkResult walk, FederationWalkSpec spec)
    {
        var result = new List<UnreachableItem>();
        var visited = new HashSet<int>();
        foreach (var node in walk.Nodes)
        {
            visited.Add(node);
        }

        foreach (var node in walk.Nodes)
        {
            if (snapshot.Units[node] is null)
            {
                result.Add(Describe(snapshot, node, ReferrerOf(snapshot, node, visited)));
            }
        }

        foreach (var reference in snapshot.Unresolved)
        {
            if (visited.Contains(reference.SourceNode) && spec.Forward.Contains(reference.Kind))
            {
                result.Add(new UnreachableItem(reference.Text, UnreachableReason.InvalidReference, reference.Error,
                    snapshot.NodeUris[reference.SourceNode]));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Target, b.Target) is var c && c != 0 ? c : string.CompareOrdinal(a.ReferencedFrom?.ToString(), b.ReferencedFrom?.ToString()));
        return result;
    }

    public UnreachableItem Describe(FederationSnapshot snapshot, int node, GtUri? referencedFrom)
    {
        var uri = snapshot.NodeUris[node];
        if (session.TryGetAttempt(uri, out var attempt) && attempt.Chain is null)
        {
            return attempt.ToUnreachable(uri.ToString(), referencedFrom);
        }

        if (attempt is { Chain: not null })
        {
            return new UnreachableItem(uri.ToString(), UnreachableReason.UnknownId,
                $"Chain {uri.ChainUri} has no work unit '{uri.WorkId}' (never exported, deleted, or in a private rig).", referencedFrom);
        }

        return new UnreachableItem(uri.ToString(), UnreachableReason.ChainLimit,
            $"Chain {uri.ChainUri} was not loaded within the query's bounds.", referencedFrom);
    }

    /// <summary>Which bounds cut the walk (depth or nodes) and the query (chains), each with its limit.</summary>
    public List<Truncation> Truncations(FederationWalkResult walk, string start)
    {
        var result = new List<Truncation>();
        switch (walk.Stop)
        {
            case FederationWalkStop.DepthLimit:
                result.Add(DepthTruncation(options, walk.Count, start));
                break;
            case FederationWalkStop.NodeLimit:
                result.Add(new Truncation(TruncationBound.Nodes, options.MaxNodes, walk.Count,
                    $"The walk from {start} stopped after {walk.Count} work units, the most this host visits for one answer, with more still to visit."));
                break;
        }

        result.AddRange(session.ChainTruncations());
        return result;
    }

    /// <summary>The depth bound's truncation of a walk from <paramref name="start"/> that visited <paramref name="count"/> work units (also said by the indexed project walk).</summary>
    public static Truncation DepthTruncation(QueryOptions options, int count, string start) =>
        new(TruncationBound.Depth, options.MaxDepth, count,
            $"The walk from {start} stopped at depth {options.MaxDepth}, the deepest this host walks, after {count} work units; deeper work units were reachable and are left out.");

    private static GtUri? ReferrerOf(FederationSnapshot snapshot, int node, HashSet<int> visited)
    {
        foreach (var (source, _) in snapshot.Graph.GetIncoming(node))
        {
            if (visited.Contains(source) && snapshot.Units[source] is not null)
            {
                return snapshot.NodeUris[source];
            }
        }

        foreach (var (target, _) in snapshot.Graph.GetOutgoing(node))
        {
            if (visited.Contains(target) && snapshot.Units[target] is not null)
            {
                return snapshot.NodeUris[target];
            }
        }

        return null;
    }
}
