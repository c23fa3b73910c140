using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GasTown.Federation.Model;

/// <summary>
/// An immutable graph of work units across every loaded chain, in compressed sparse row (CSR) form:
/// nodes are dense <see cref="int"/> ids interned from work-unit keys (normally the canonical
/// <c>gt://</c> URI), edges are typed by <see cref="FederationEdgeKind"/> and indexed both ways, so a
/// walk can follow what a work unit depends on (outgoing) and what depends on it (incoming; the
/// children of a parent are its incoming <see cref="FederationEdgeKind.ParentChild"/> edges).
/// </summary>
/// <remarks>
/// <para>
/// Layout: one row per node holding its outgoing entries, then its incoming ones; each entry is 32 bits
/// (direction, kind and neighbour packed together). Memory is 4 bytes per node plus 8 bytes per edge
/// (one entry each way), 10 bytes per edge at two edges per node (<see cref="TopologySizeInBytes"/>),
/// plus the key table. A walk reads one contiguous row per node and tests each edge with one shift.
/// </para>
/// <para>At most 134,217,727 nodes. Build one with <see cref="FederationGraphBuilder"/>. Instances are safe to share between threads.</para>
/// </remarks>
public sealed class FederationGraph
{
    private readonly string[] keys;
    private readonly Dictionary<string, int> index;
    private readonly int[] offsets;
    private readonly uint[] entries;

    internal FederationGraph(string[] keys, Dictionary<string, int> index, int[] offsets, uint[] entries)
    {
        this.keys = keys;
        this.index = index;
        this.offsets = offsets;
        this.entries = entries;
    }

    /// <summary>An empty graph.</summary>
    public static FederationGraph Empty { get; } = new FederationGraphBuilder().Build();

    /// <summary>The most nodes a graph can hold (134,217,727).</summary>
    public static int MaxNodeCount => FederationGraphPacking.MaxNodes;

    /// <summary>How many nodes the graph has; node ids are <c>0 .. NodeCount - 1</c>.</summary>
    public int NodeCount => keys.Length;

    /// <summary>How many edges the graph has, parallel edges included.</summary>
    public int EdgeCount => entries.Length / 2;

    /// <summary>
    /// The bytes held by the adjacency arrays (row offsets and packed entries of both directions), without
    /// the key table. This is the figure the ≤ 24 bytes per edge target is measured on.
    /// </summary>
    public long TopologySizeInBytes => ((long)offsets.Length + entries.Length) * sizeof(int);

    /// <summary>The key a node was interned from (normally its canonical <c>gt://</c> URI).</summary>
    /// <param name="node">A node id.</param>
    /// <returns>The node's key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="node"/> is not a node of this graph.</exception>
    public string GetKey(int node)
    {
        CheckNode(node);
        return keys[node];
    }

    /// <summary>Finds the node interned from <paramref name="key"/>.</summary>
    /// <param name="key">The work-unit key (ordinal, case-sensitive).</param>
    /// <param name="node">The node id when found.</param>
    /// <returns><see langword="true"/> when the graph has a node with that key.</returns>
    public bool TryGetNode(string key, out int node)
    {
        ArgumentNullException.ThrowIfNull(key);
        return index.TryGetValue(key, out node);
    }

    /// <summary>A node's outgoing edges (what it depends on), in insertion order, without copying.</summary>
    /// <param name="node">A node id.</param>
    /// <returns>The targets and kinds.</returns>
    public FederationNeighbors GetOutgoing(int node)
    {
        var row = Row(node);
        return new FederationNeighbors(row[..SplitOf(row)]);
    }

    /// <summary>A node's incoming edges (what depends on it), in insertion order, without copying.</summary>
    /// <param name="node">A node id.</param>
    /// <returns>The sources and kinds.</returns>
    public FederationNeighbors GetIncoming(int node)
    {
        var row = Row(node);
        return new FederationNeighbors(row[SplitOf(row)..]);
    }

    /// <summary>A node's outgoing edges as records (allocates; prefer <see cref="GetOutgoing"/> on hot paths).</summary>
    /// <param name="node">A node id.</param>
    /// <returns>The outgoing edges in insertion order.</returns>
    public IReadOnlyList<FederationEdge> GetOutgoingEdges(int node)
    {
        var neighbours = GetOutgoing(node);
        var result = new FederationEdge[neighbours.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new FederationEdge(node, neighbours.NodeAt(i), neighbours.KindAt(i));
        }

        return result;
    }

    /// <summary>A node's incoming edges as records (allocates; prefer <see cref="GetIncoming"/> on hot paths).</summary>
    /// <param name="node">A node id.</param>
    /// <returns>The incoming edges in insertion order.</returns>
    public IReadOnlyList<FederationEdge> GetIncomingEdges(int node)
    {
        var neighbours = GetIncoming(node);
        var result = new FederationEdge[neighbours.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new FederationEdge(neighbours.NodeAt(i), node, neighbours.KindAt(i));
        }

        return result;
    }

    /// <summary>Walks breadth-first from one node. See <see cref="Walk(ReadOnlySpan{int}, FederationWalkSpec, int, int)"/>.</summary>
    /// <param name="start">The start node.</param>
    /// <param name="spec">Which edge kinds to follow in which direction.</param>
    /// <param name="maxDepth">The deepest level visited; 0 visits the start only.</param>
    /// <param name="maxNodes">The most nodes visited, the start included.</param>
    /// <returns>The visited nodes in breadth-first order with their depths.</returns>
    public FederationWalkResult Walk(int start, FederationWalkSpec spec, int maxDepth = int.MaxValue, int maxNodes = int.MaxValue) =>
        Walk([start], spec, maxDepth, maxNodes);

    /// <summary>
    /// Walks breadth-first from <paramref name="starts"/>, following <paramref name="spec"/>'s forward
    /// kinds along edges and its reverse kinds against them. Cycle-safe: every node is visited at most
    /// once (a bitset of visited nodes), so cycles, self-loops and parallel edges end the walk rather than
    /// repeat it. Bounded: it never goes deeper than <paramref name="maxDepth"/> nor visits more than
    /// <paramref name="maxNodes"/> nodes, and <see cref="FederationWalkResult.Stop"/> says when a bound cut it.
    /// </summary>
    /// <param name="starts">The start nodes (depth 0). Duplicates are visited once.</param>
    /// <param name="spec">Which edge kinds to follow in which direction.</param>
    /// <param name="maxDepth">The deepest level visited; 0 visits the starts only.</param>
    /// <param name="maxNodes">The most nodes visited, the starts included.</param>
    /// <returns>The visited nodes in breadth-first order with their depths.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A start is not a node of this graph, or a bound is negative / zero.</exception>
    public FederationWalkResult Walk(ReadOnlySpan<int> starts, FederationWalkSpec spec, int maxDepth = int.MaxValue, int maxNodes = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNodes);
        foreach (var s in starts)
        {
            CheckNode(s);
        }

        var capacity = Math.Min(maxNodes, NodeCount);
        var queue = new int[capacity + 1];
        var visited = new ulong[(NodeCount + 63) >> 6];
        var levels = new List<int> { 0 };
        var count = 0;

        foreach (var s in starts)
        {
            if ((visited[s >> 6] & (1UL << s)) != 0)
            {
                continue;
            }

            if (count == capacity)
            {
                return new FederationWalkResult(queue, levels, count, FederationWalkStop.NodeLimit);
            }

            visited[s >> 6] |= 1UL << s;
            queue[count++] = s;
        }

        var mask = FederationGraphPacking.Mask(spec);
        var stop = FederationWalkStop.Complete;
        var offsets = this.offsets;
        var entries = this.entries;
        var depth = 0;
        var levelEnd = count;
        for (var head = 0; head < count; head++)
        {
            if (head == levelEnd)
            {
                depth++;
                levels.Add(head);
                levelEnd = count;
            }

            var node = queue[head];
            if (depth >= maxDepth)
            {
                // Only report a depth cut when something new really lay beyond it.
                if (stop == FederationWalkStop.Complete && HasUnvisitedNeighbour(node, mask, visited))
                {
                    stop = FederationWalkStop.DepthLimit;
                }

                continue;
            }

            // Whether an edge is followed is predictable (rows hold outgoing then incoming entries, kinds grouped
            // by insertion), so it is a branch; whether its node is new is a coin flip, so it is arithmetic. The
            // queue has one spare slot for the speculative write.
            for (int e = offsets[node], end = offsets[node + 1]; e < end; e++)
            {
                var packed = entries[e];
                if (((mask >> FederationGraphPacking.MaskShift(packed)) & 1) == 0)
                {
                    continue;
                }

                var t = FederationGraphPacking.Node(packed);
                ref var word = ref visited[t >> 6];
                var bit = 1UL << t;
                var take = (word & bit) == 0 ? 1 : 0;
                if ((count == capacity) & (take != 0))
                {
                    return new FederationWalkResult(queue, levels, count, FederationWalkStop.NodeLimit);
                }

                word |= bit & (0UL - (ulong)take);
                queue[count] = t;
                count += take;
            }
        }

        return new FederationWalkResult(queue, levels, count, stop);
    }

    private bool HasUnvisitedNeighbour(int node, uint mask, ulong[] visited)
    {
        foreach (var packed in entries.AsSpan(offsets[node], offsets[node + 1] - offsets[node]))
        {
            var t = FederationGraphPacking.Node(packed);
            if (((mask >> FederationGraphPacking.MaskShift(packed)) & 1) != 0 && (visited[t >> 6] & (1UL << t)) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private ReadOnlySpan<uint> Row(int node)
    {
        CheckNode(node);
        return entries.AsSpan(offsets[node], offsets[node + 1] - offsets[node]);
    }

    /// <summary>Where the incoming entries of a row start: rows hold outgoing entries first, so the direction bit is sorted.</summary>
    private static int SplitOf(ReadOnlySpan<uint> row)
    {
        int lo = 0, hi = row.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (FederationGraphPacking.IsIncoming(row[mid]))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckNode(int node)
    {
        if ((uint)node >= (uint)keys.Length)
        {
            ThrowNotANode(node);
        }
    }

    private void ThrowNotANode(int node) =>
        throw new ArgumentOutOfRangeException(nameof(node), node, $"Node {node} is not in this graph, which has {keys.Length} nodes (ids 0..{keys.Length - 1}).");
}
