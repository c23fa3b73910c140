using CsCheck;
using GasTown.Federation.Model;

namespace GasTown.Federation.Model.Tests.Graph;

public sealed class FederationGraphTests
{
    private static readonly Gen<(int Nodes, (int Source, int Target, int Kind)[] Edges)> RandomGraphs =
        Gen.Int[1, 60].SelectMany(n =>
            Gen.Select(Gen.Int[0, n - 1], Gen.Int[0, n - 1], Gen.Int[0, 8]).Array[0, 240]
                .Select(edges => (n, edges)));

    [Fact]
    public void Csr_rows_equal_a_naive_adjacency_list_in_both_directions() =>
        RandomGraphs.Sample(g =>
        {
            var graph = Build(g.Nodes, g.Edges);
            graph.NodeCount.ShouldBe(g.Nodes);
            graph.EdgeCount.ShouldBe(g.Edges.Length);
            for (var v = 0; v < g.Nodes; v++)
            {
                var expectedOut = g.Edges.Where(e => e.Source == v).Select(e => (e.Target, (FederationEdgeKind)e.Kind)).ToArray();
                var expectedIn = g.Edges.Where(e => e.Target == v).Select(e => (e.Source, (FederationEdgeKind)e.Kind)).ToArray();
                Pairs(graph.GetOutgoing(v)).ShouldBe(expectedOut);
                Pairs(graph.GetIncoming(v)).ShouldBe(expectedIn);
                graph.GetOutgoingEdges(v).Select(e => (e.Target, e.Kind)).ShouldBe(expectedOut);
                graph.GetIncomingEdges(v).Select(e => (e.Source, e.Kind)).ShouldBe(expectedIn);
            }
        });

    [Fact]
    public void Walk_reaches_exactly_what_a_naive_bfs_reaches_with_the_same_depths() =>
        Gen.Select(RandomGraphs, Gen.Int[0, 511], Gen.Int[0, 511], Gen.Int[0, 10]).Sample(t =>
        {
            var ((n, edges), forwardMask, reverseMask, maxDepth) = t;
            var graph = Build(n, edges);
            var spec = new FederationWalkSpec((FederationEdgeKinds)forwardMask, (FederationEdgeKinds)reverseMask);
            var start = 0;
            var expected = NaiveBfs(n, edges, start, forwardMask, reverseMask, maxDepth);

            var walk = graph.Walk(start, spec, maxDepth);

            var actual = new Dictionary<int, int>();
            for (var i = 0; i < walk.Count; i++)
            {
                actual.Add(walk.Nodes[i], walk.Depths[i]);
            }

            actual.OrderBy(p => p.Key).ShouldBe(expected.Depths.OrderBy(p => p.Key));
            walk.Stop.ShouldBe(expected.Cut ? FederationWalkStop.DepthLimit : FederationWalkStop.Complete);
            // Breadth-first: depths never decrease along the visit order.
            for (var i = 1; i < walk.Count; i++)
            {
                walk.Depths[i].ShouldBeGreaterThanOrEqualTo(walk.Depths[i - 1]);
            }
        });

    [Fact]
    public void Walk_ends_on_cycles_self_loops_and_parallel_edges_visiting_each_node_once()
    {
        var builder = new FederationGraphBuilder();
        // a -> b -> c -> a (blocks), c -> c, and a doubled a -> b.
        builder.AddEdge("a", "b", FederationEdgeKind.Blocks);
        builder.AddEdge("b", "c", FederationEdgeKind.Blocks);
        builder.AddEdge("c", "a", FederationEdgeKind.Blocks);
        builder.AddEdge("c", "c", FederationEdgeKind.Blocks);
        builder.AddEdge("a", "b", FederationEdgeKind.Blocks);
        var graph = builder.Build();

        var walk = graph.Walk(0, new FederationWalkSpec(FederationEdgeKinds.Blocks, FederationEdgeKinds.Blocks));

        walk.Nodes.ToArray().Select(graph.GetKey).ShouldBe(["a", "b", "c"]);
        walk.Depths.ToArray().ShouldBe([0, 1, 1]);
        walk.Stop.ShouldBe(FederationWalkStop.Complete);
    }

    [Fact]
    public void Node_limit_stops_the_walk_and_says_so()
    {
        var graph = Chain(10);

        var walk = graph.Walk(0, FederationWalkSpec.Dependencies, maxNodes: 4);

        walk.Count.ShouldBe(4);
        walk.Nodes.ToArray().ShouldBe([0, 1, 2, 3]);
        walk.Stop.ShouldBe(FederationWalkStop.NodeLimit);
        graph.Walk(0, FederationWalkSpec.Dependencies, maxNodes: 10).Stop.ShouldBe(FederationWalkStop.Complete);
    }

    [Fact]
    public void Depth_limit_is_reported_only_when_something_lay_beyond_it()
    {
        var graph = Chain(5);

        graph.Walk(0, FederationWalkSpec.Dependencies, maxDepth: 2).Nodes.ToArray().ShouldBe([0, 1, 2]);
        graph.Walk(0, FederationWalkSpec.Dependencies, maxDepth: 2).Stop.ShouldBe(FederationWalkStop.DepthLimit);
        graph.Walk(0, FederationWalkSpec.Dependencies, maxDepth: 4).Stop.ShouldBe(FederationWalkStop.Complete);
        graph.Walk(0, FederationWalkSpec.Dependencies, maxDepth: 0).Nodes.ToArray().ShouldBe([0]);
    }

    [Fact]
    public void Children_are_reverse_parent_child_edges_and_delegation_is_followed_forward()
    {
        var b = new FederationGraphBuilder();
        b.AddEdge("epic.1", "epic", FederationEdgeKind.ParentChild);
        b.AddEdge("epic.2", "epic", FederationEdgeKind.ParentChild);
        b.AddEdge("epic.1.1", "epic.1", FederationEdgeKind.ParentChild);
        b.AddEdge("epic.2", "remote", FederationEdgeKind.Delegation);
        b.AddEdge("remote.1", "remote", FederationEdgeKind.ParentChild);
        b.AddEdge("epic", "blocker", FederationEdgeKind.Blocks);
        b.AddEdge("epic", "parent-of-epic", FederationEdgeKind.ParentChild);
        var graph = b.Build();
        graph.TryGetNode("epic", out var epic).ShouldBeTrue();

        Keys(graph, graph.Walk(epic, FederationWalkSpec.Descendants)).ShouldBe(["epic", "epic.1", "epic.2", "epic.1.1"], ignoreOrder: true);
        Keys(graph, graph.Walk(epic, FederationWalkSpec.ProjectWithDelegated))
            .ShouldBe(["epic", "epic.1", "epic.2", "epic.1.1", "remote", "remote.1"], ignoreOrder: true);
    }

    [Fact]
    public void Bad_node_ids_and_bounds_are_rejected_with_the_reason()
    {
        var b = new FederationGraphBuilder();
        b.AddNode("a");
        Should.Throw<ArgumentOutOfRangeException>(() => b.AddEdge(0, 1, FederationEdgeKind.Blocks)).Message.ShouldContain("AddNode");
        var graph = b.Build();
        Should.Throw<ArgumentOutOfRangeException>(() => graph.Walk(3, FederationWalkSpec.Dependencies)).Message.ShouldContain("1 nodes");
        Should.Throw<ArgumentOutOfRangeException>(() => graph.Walk(0, FederationWalkSpec.Dependencies, maxNodes: 0));
        Should.Throw<ArgumentOutOfRangeException>(() => graph.Walk(0, FederationWalkSpec.Dependencies, maxDepth: -1));
        Should.Throw<ArgumentOutOfRangeException>(() => graph.GetKey(-1));
    }

    [Fact]
    public void Nodes_are_interned_by_key_and_the_builder_keeps_working_after_build()
    {
        var b = new FederationGraphBuilder();
        b.AddNode("gt://acme.com/projects/proj-1").ShouldBe(0);
        b.AddNode("gt://acme.com/projects/proj-2").ShouldBe(1);
        b.AddNode("gt://acme.com/projects/proj-1").ShouldBe(0);
        var first = b.Build();
        b.AddEdge("gt://acme.com/projects/proj-2", "gt://acme.com/projects/proj-3", FederationEdgeKind.Related);
        var second = b.Build();

        first.NodeCount.ShouldBe(2);
        first.EdgeCount.ShouldBe(0);
        first.TryGetNode("gt://acme.com/projects/proj-3", out _).ShouldBeFalse();
        second.NodeCount.ShouldBe(3);
        second.GetKey(2).ShouldBe("gt://acme.com/projects/proj-3");
        Pairs(second.GetOutgoing(1)).ShouldBe([(2, FederationEdgeKind.Related)]);
    }

    [Fact]
    public void Topology_fits_in_24_bytes_per_edge_at_two_edges_per_node()
    {
        var graph = Chain(1000, extraEdgesPerNode: 1);

        graph.EdgeCount.ShouldBe(999 + 1000);
        // 4 bytes per node (row offset) + 8 per edge (one packed entry each way).
        graph.TopologySizeInBytes.ShouldBe((4L * (1000 + 1)) + (8L * graph.EdgeCount));
        ((double)graph.TopologySizeInBytes / graph.EdgeCount).ShouldBeLessThanOrEqualTo(24);
    }

    [Theory]
    [InlineData("blocks", FederationEdgeKind.Blocks)]
    [InlineData("parent-child", FederationEdgeKind.ParentChild)]
    [InlineData("conditional-blocks", FederationEdgeKind.ConditionalBlocks)]
    [InlineData("waits-for", FederationEdgeKind.WaitsFor)]
    [InlineData("related", FederationEdgeKind.Related)]
    [InlineData("relates-to", FederationEdgeKind.Related)]
    [InlineData("discovered-from", FederationEdgeKind.DiscoveredFrom)]
    [InlineData("supersedes", FederationEdgeKind.Other)]
    [InlineData("made-up-type", FederationEdgeKind.Other)]
    public void Dependency_types_map_to_edge_kinds(string type, FederationEdgeKind expected)
    {
        FederationEdgeKindExtensions.FromDependencyType(type).ShouldBe(expected);
        FederationEdgeKinds.Blocking.Contains(expected).ShouldBe(type is "blocks" or "conditional-blocks" or "waits-for");
    }

    private static FederationGraph Build(int n, (int Source, int Target, int Kind)[] edges)
    {
        var b = new FederationGraphBuilder();
        for (var i = 0; i < n; i++)
        {
            b.AddNode("n" + i).ShouldBe(i);
        }

        foreach (var (s, t, k) in edges)
        {
            b.AddEdge(s, t, (FederationEdgeKind)k);
        }

        return b.Build();
    }

    private static FederationGraph Chain(int n, int extraEdgesPerNode = 0)
    {
        var b = new FederationGraphBuilder();
        for (var i = 0; i < n; i++)
        {
            b.AddNode("n" + i);
        }

        for (var i = 0; i + 1 < n; i++)
        {
            b.AddEdge(i, i + 1, FederationEdgeKind.Blocks);
        }

        for (var i = 0; i < n * extraEdgesPerNode; i++)
        {
            b.AddEdge(i % n, (i * 7) % n, FederationEdgeKind.Related);
        }

        return b.Build();
    }

    private static (int, FederationEdgeKind)[] Pairs(FederationNeighbors neighbours)
    {
        var byIndex = new (int, FederationEdgeKind)[neighbours.Count];
        for (var i = 0; i < neighbours.Count; i++)
        {
            byIndex[i] = (neighbours.NodeAt(i), neighbours.KindAt(i));
        }

        // The enumerator must agree with the indexers.
        var enumerated = new List<(int, FederationEdgeKind)>();
        foreach (var (node, kind) in neighbours)
        {
            enumerated.Add((node, kind));
        }

        enumerated.ShouldBe(byIndex);
        return byIndex;
    }

    private static string[] Keys(FederationGraph graph, FederationWalkResult walk) => walk.Nodes.ToArray().Select(graph.GetKey).ToArray();

    private static (Dictionary<int, int> Depths, bool Cut) NaiveBfs(int n, (int Source, int Target, int Kind)[] edges, int start, int forward, int reverse, int maxDepth)
    {
        var adjacency = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var (s, t, k) in edges)
        {
            if ((forward & (1 << k)) != 0)
            {
                adjacency[s].Add(t);
            }

            if ((reverse & (1 << k)) != 0)
            {
                adjacency[t].Add(s);
            }
        }

        var depths = new Dictionary<int, int> { [start] = 0 };
        var queue = new Queue<int>([start]);
        var cut = false;
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in adjacency[v])
            {
                if (depths.ContainsKey(w))
                {
                    continue;
                }

                if (depths[v] >= maxDepth)
                {
                    cut = true;
                    continue;
                }

                depths[w] = depths[v] + 1;
                queue.Enqueue(w);
            }
        }

        return (depths, cut);
    }
}
