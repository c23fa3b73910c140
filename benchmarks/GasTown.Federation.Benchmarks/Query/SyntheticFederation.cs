using GasTown.Federation.Model;

namespace GasTown.Federation.Benchmarks.Query;

/// <summary>
/// A synthetic federation of <see cref="NodeCount"/> work units and about twice as many edges: a 4-ary
/// parent-child tree (child → parent, as beads stores it) plus one delegation edge per node to a
/// pseudo-random node. A project walk from the root follows every edge once.
/// </summary>
internal sealed class SyntheticFederation
{
    public const int NodeCount = 1_000_000;

    public SyntheticFederation(int nodeCount = NodeCount)
    {
        Nodes = nodeCount;
        var edges = (nodeCount - 1) + nodeCount;
        Sources = new int[edges];
        Targets = new int[edges];
        Kinds = new FederationEdgeKind[edges];
        var e = 0;
        for (var i = 1; i < nodeCount; i++)
        {
            Sources[e] = i;
            Targets[e] = (i - 1) / 4;
            Kinds[e++] = FederationEdgeKind.ParentChild;
        }

        var random = new Random(20251230);
        for (var i = 0; i < nodeCount; i++)
        {
            Sources[e] = i;
            Targets[e] = random.Next(nodeCount);
            Kinds[e++] = FederationEdgeKind.Delegation;
        }

        Keys = new string[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            Keys[i] = "gt://acme.com/projects/ac-" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public int Nodes { get; }

    public int EdgeCount => Sources.Length;

    public int[] Sources { get; }

    public int[] Targets { get; }

    public FederationEdgeKind[] Kinds { get; }

    public string[] Keys { get; }

    public FederationGraph BuildGraph()
    {
        var builder = new FederationGraphBuilder(Nodes, EdgeCount);
        foreach (var key in Keys)
        {
            builder.AddNode(key);
        }

        for (var e = 0; e < Sources.Length; e++)
        {
            builder.AddEdge(Sources[e], Targets[e], Kinds[e]);
        }

        return builder.Build();
    }

    /// <summary>The same walk as a plain CSR in walk direction: parent → child, delegator → delegate.</summary>
    public (int[] Offsets, int[] Targets) BuildBareCsr()
    {
        var offsets = new int[Nodes + 1];
        for (var e = 0; e < Sources.Length; e++)
        {
            offsets[From(e) + 1]++;
        }

        for (var i = 0; i < Nodes; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var cursor = offsets.AsSpan(0, Nodes).ToArray();
        var targets = new int[Sources.Length];
        for (var e = 0; e < Sources.Length; e++)
        {
            targets[cursor[From(e)]++] = To(e);
        }

        return (offsets, targets);
    }

    /// <summary>The walk-direction source of edge <paramref name="e"/>: the parent for parent-child, the delegator for delegation.</summary>
    public int From(int e) => Kinds[e] == FederationEdgeKind.ParentChild ? Targets[e] : Sources[e];

    /// <summary>The walk-direction target of edge <paramref name="e"/>.</summary>
    public int To(int e) => Kinds[e] == FederationEdgeKind.ParentChild ? Sources[e] : Targets[e];
}
