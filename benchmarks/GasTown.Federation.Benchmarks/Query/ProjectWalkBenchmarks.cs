using BenchmarkDotNet.Attributes;
using GasTown.Federation.Model;
using QuikGraph;
using QuikGraph.Algorithms.Search;

namespace GasTown.Federation.Benchmarks.Query;

/// <summary>
/// The project walk (children + delegated work, transitively) over 1M work units / 2M edges, against a
/// bare CSR BFS (baseline) and QuikGraph's BFS on the same edges. Targets (DESIGN §10): ≥ 10× faster
/// than QuikGraph, ≤ 2× the bare BFS, ≤ 24 B per edge.
/// </summary>
[MemoryDiagnoser]
public class ProjectWalkBenchmarks
{
    private FederationGraph graph = null!;
    private int[] bareOffsets = null!;
    private int[] bareTargets = null!;
    private AdjacencyGraph<int, SEdge<int>> quik = null!;

    [GlobalSetup]
    public void Setup()
    {
        var federation = new SyntheticFederation();
        graph = federation.BuildGraph();
        (bareOffsets, bareTargets) = federation.BuildBareCsr();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        quik = new AdjacencyGraph<int, SEdge<int>>(allowParallelEdges: true, federation.Nodes);
        for (var i = 0; i < federation.Nodes; i++)
        {
            quik.AddVertex(i);
        }

        for (var e = 0; e < federation.EdgeCount; e++)
        {
            quik.AddEdge(new SEdge<int>(federation.From(e), federation.To(e)));
        }

        var quikBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(quik);

        Console.WriteLine($"// FederationGraph: {graph.NodeCount} nodes, {graph.EdgeCount} edges, topology {graph.TopologySizeInBytes:N0} B = {(double)graph.TopologySizeInBytes / graph.EdgeCount:F2} B/edge (both directions, kinds included)");
        Console.WriteLine($"// QuikGraph AdjacencyGraph: {quikBytes:N0} B = {(double)quikBytes / federation.EdgeCount:F2} B/edge (one direction)");
        Console.WriteLine($"// Walk check: federation {FederationWalk()} nodes, bare {BareCsrBfs()} nodes, QuikGraph {QuikGraphBfs()} nodes");
    }

    [Benchmark(Baseline = true, Description = "bare CSR BFS")]
    public int BareCsrBfs()
    {
        var n = bareOffsets.Length - 1;
        var visited = new ulong[(n + 63) >> 6];
        var queue = new int[n];
        var count = 0;
        queue[count++] = 0;
        visited[0] = 1;
        for (var head = 0; head < count; head++)
        {
            var v = queue[head];
            for (int e = bareOffsets[v], end = bareOffsets[v + 1]; e < end; e++)
            {
                var t = bareTargets[e];
                ref var word = ref visited[t >> 6];
                var bit = 1UL << t;
                if ((word & bit) == 0)
                {
                    word |= bit;
                    queue[count++] = t;
                }
            }
        }

        return count;
    }

    [Benchmark(Description = "FederationGraph project walk")]
    public int FederationWalk() => graph.Walk(0, FederationWalkSpec.ProjectWithDelegated).Count;

    [Benchmark(Description = "QuikGraph BFS")]
    public int QuikGraphBfs()
    {
        var bfs = new BreadthFirstSearchAlgorithm<int, SEdge<int>>(quik);
        var count = 0;
        bfs.DiscoverVertex += _ => count++;
        bfs.SetRootVertex(0);
        bfs.Compute();
        return count;
    }
}
