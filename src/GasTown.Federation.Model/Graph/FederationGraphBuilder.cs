namespace GasTown.Federation.Model;

/// <summary>
/// Collects nodes and edges, then freezes them into a <see cref="FederationGraph"/>. Nodes are interned
/// by key (ordinal), so adding the same key twice returns the same id; an edge may name a node that
/// has no work unit behind it (an unloaded chain, a missing id): the graph keeps it as a node and the
/// query layer decides what it means.
/// </summary>
/// <remarks>Parallel edges and self-loops are kept as added; walks visit each node once regardless. Not thread-safe.</remarks>
public sealed class FederationGraphBuilder
{
    private readonly List<string> keys;
    private readonly Dictionary<string, int> index;
    private int[] sources;
    private int[] targets;
    private byte[] kinds;
    private int edgeCount;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="nodeCapacity">Expected node count, to size the key table once.</param>
    /// <param name="edgeCapacity">Expected edge count, to size the edge arrays once.</param>
    public FederationGraphBuilder(int nodeCapacity = 0, int edgeCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(edgeCapacity);
        keys = new List<string>(nodeCapacity);
        index = new Dictionary<string, int>(nodeCapacity, StringComparer.Ordinal);
        sources = new int[Math.Max(edgeCapacity, 4)];
        targets = new int[sources.Length];
        kinds = new byte[sources.Length];
    }

    /// <summary>How many nodes have been added so far.</summary>
    public int NodeCount => keys.Count;

    /// <summary>How many edges have been added so far.</summary>
    public int EdgeCount => edgeCount;

    /// <summary>Interns <paramref name="key"/> and returns its node id (the existing id when already added).</summary>
    /// <param name="key">The work-unit key, normally the canonical <c>gt://</c> URI. Compared ordinally.</param>
    /// <returns>The node id.</returns>
    public int AddNode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (index.TryGetValue(key, out var id))
        {
            return id;
        }

        id = keys.Count;
        if (id == FederationGraphPacking.MaxNodes)
        {
            throw new InvalidOperationException($"A federation graph holds at most {FederationGraphPacking.MaxNodes} nodes; '{key}' would be one more. Walk a smaller part of the federation.");
        }

        keys.Add(key);
        index.Add(key, id);
        return id;
    }

    /// <summary>Finds a node already added.</summary>
    /// <param name="key">The work-unit key.</param>
    /// <param name="node">The node id when found.</param>
    /// <returns><see langword="true"/> when <paramref name="key"/> has been added.</returns>
    public bool TryGetNode(string key, out int node)
    {
        ArgumentNullException.ThrowIfNull(key);
        return index.TryGetValue(key, out node);
    }

    /// <summary>Adds an edge from <paramref name="source"/> (the node that depends) to <paramref name="target"/>.</summary>
    /// <param name="source">The depending node id (beads <c>issue_id</c>).</param>
    /// <param name="target">The depended-on node id (beads <c>depends_on_id</c>).</param>
    /// <param name="kind">What the edge means.</param>
    /// <exception cref="ArgumentOutOfRangeException">A node id was not returned by <see cref="AddNode"/>.</exception>
    public void AddEdge(int source, int target, FederationEdgeKind kind)
    {
        if ((uint)source >= (uint)keys.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, $"Node {source} has not been added; add it with AddNode first ({keys.Count} nodes so far).");
        }

        if ((uint)target >= (uint)keys.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, $"Node {target} has not been added; add it with AddNode first ({keys.Count} nodes so far).");
        }

        if (edgeCount == sources.Length)
        {
            var size = sources.Length * 2;
            Array.Resize(ref sources, size);
            Array.Resize(ref targets, size);
            Array.Resize(ref kinds, size);
        }

        sources[edgeCount] = source;
        targets[edgeCount] = target;
        kinds[edgeCount] = (byte)kind;
        edgeCount++;
    }

    /// <summary>Interns both keys and adds an edge between them.</summary>
    /// <param name="sourceKey">The depending work unit's key.</param>
    /// <param name="targetKey">The depended-on work unit's key.</param>
    /// <param name="kind">What the edge means.</param>
    public void AddEdge(string sourceKey, string targetKey, FederationEdgeKind kind) =>
        AddEdge(AddNode(sourceKey), AddNode(targetKey), kind);

    /// <summary>
    /// Freezes what was added into a <see cref="FederationGraph"/> (two counting sorts, O(nodes + edges)).
    /// The builder stays usable: later additions go into the next <see cref="Build"/> only.
    /// </summary>
    /// <returns>The immutable graph.</returns>
    public FederationGraph Build()
    {
        var n = keys.Count;
        var m = edgeCount;

        // Row v holds v's outgoing entries, then its incoming ones; both in insertion order.
        var offsets = new int[n + 1];
        var outDegree = new int[n];
        for (var e = 0; e < m; e++)
        {
            outDegree[sources[e]]++;
            offsets[targets[e] + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            offsets[i + 1] += offsets[i] + outDegree[i];
        }

        var entries = new uint[2L * m];
        var outCursor = outDegree; // reused: becomes the write position of each row's outgoing part
        var inCursor = new int[n];
        for (var i = 0; i < n; i++)
        {
            inCursor[i] = offsets[i] + outDegree[i];
            outCursor[i] = offsets[i];
        }

        for (var e = 0; e < m; e++)
        {
            var s = sources[e];
            var t = targets[e];
            var k = (FederationEdgeKind)kinds[e];
            entries[outCursor[s]++] = FederationGraphPacking.Pack(t, k, incoming: false);
            entries[inCursor[t]++] = FederationGraphPacking.Pack(s, k, incoming: true);
        }

        return new FederationGraph(keys.ToArray(), new Dictionary<string, int>(index, StringComparer.Ordinal), offsets, entries);
    }
}
