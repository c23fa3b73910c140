using BenchmarkDotNet.Attributes;
using GasTown.Federation.Model;
using QuikGraph;

namespace GasTown.Federation.Benchmarks.Query;

/// <summary>
/// Building the 1M-node / 2M-edge graph: a bare one-direction CSR (baseline), the FederationGraph
/// (interning 1M keys, both directions, kinds) and QuikGraph's AdjacencyGraph from the same edges.
/// </summary>
[MemoryDiagnoser]
public class GraphBuildBenchmarks
{
    private SyntheticFederation federation = null!;

    [GlobalSetup]
    public void Setup() => federation = new SyntheticFederation();

    [Benchmark(Baseline = true, Description = "bare CSR build")]
    public int BareCsr() => federation.BuildBareCsr().Targets.Length;

    [Benchmark(Description = "FederationGraphBuilder (keys + both directions)")]
    public int FederationGraph() => federation.BuildGraph().EdgeCount;

    [Benchmark(Description = "QuikGraph AdjacencyGraph")]
    public int QuikGraphBuild()
    {
        var g = new AdjacencyGraph<int, SEdge<int>>(allowParallelEdges: true, federation.Nodes);
        for (var i = 0; i < federation.Nodes; i++)
        {
            g.AddVertex(i);
        }

        for (var e = 0; e < federation.EdgeCount; e++)
        {
            g.AddEdge(new SEdge<int>(federation.From(e), federation.To(e)));
        }

        return g.EdgeCount;
    }
}
