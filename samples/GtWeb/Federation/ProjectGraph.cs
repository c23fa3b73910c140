using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GtWeb.Federation;

/// <summary>
/// A project as a graph: its work units across chains (nodes), the tree (parent-child and delegation edges,
/// children under their parent) and blocking edges between them; completion cascades up the tree. The layout
/// is the browser's graph library's job (cytoscape.js): this only says what is linked to what.
/// </summary>
internal sealed class ProjectGraph
{
    private readonly Dictionary<GtUri, ProjectNode> _nodes = [];
    private readonly List<(GtUri From, GtUri To, EdgeKind Kind)> _edges = [];

    // The edges again, to tell one already added and to find a node's children without scanning every edge: a remote's
    // project of thousands of units made each a scan of the whole list (a page 5.5 s at 5,000 units).
    private readonly HashSet<(GtUri From, GtUri To, EdgeKind Kind)> _edgeSet = [];
    private readonly Dictionary<GtUri, List<(GtUri To, EdgeKind Kind)>> _treeEdgesFrom = [];

    private ProjectGraph(GtUri root) => Root = root;

    public GtUri Root { get; }

    public IReadOnlyCollection<ProjectNode> Nodes => _nodes.Values;

    public IReadOnlyList<(GtUri From, GtUri To, EdgeKind Kind)> Edges => _edges;

    public static ProjectGraph Build(ProjectWorkResult result)
    {
        var graph = new ProjectGraph(result.Project);
        foreach (var item in result.Items)
        {
            graph._nodes[item.Uri] = new ProjectNode(item.Uri, item, null);
        }

        foreach (var portion in result.Delegations)
        {
            foreach (var child in portion.Children)
            {
                if (!graph._nodes.ContainsKey(child.Uri))
                {
                    graph._nodes[child.Uri] = new ProjectNode(child.Uri, null, child.Unreachable?.ToString() ?? "not read");
                }

                graph.AddEdge(portion.Parent, child.Uri, EdgeKind.Delegation);
            }
        }

        var references = new References(result.Items);
        foreach (var item in result.Items)
        {
            foreach (var dependency in item.WorkUnit.Dependencies)
            {
                var kind = dependency.Type == DependencyType.ParentChild ? EdgeKind.Child
                    : dependency.Type.IsBlocking ? EdgeKind.Blocks
                    : (EdgeKind?)null;
                if (kind is null || references.Resolve(item, dependency.DependsOnId) is not { } target)
                {
                    continue;
                }

                // A child depends on its parent; a blocked unit depends on its blocker: edges point from the
                // parent (blocker) to the child (blocked), the way the tree and the work flow read.
                graph.AddEdge(target.Uri, item.Uri, kind.Value);
            }
        }

        return graph;
    }

    /// <summary>The children of a node in the tree: its parent-child and delegation edges.</summary>
    public IEnumerable<(ProjectNode Node, EdgeKind Kind)> Children(GtUri parent) =>
        (_treeEdgesFrom.GetValueOrDefault(parent) ?? []).Where(e => _nodes.ContainsKey(e.To)).Select(e => (_nodes[e.To], e.Kind));

    public ProjectNode? Find(GtUri uri) => _nodes.GetValueOrDefault(uri);

    /// <summary>How many of a node's subtree (itself and everything under it, delegated work included) is closed.</summary>
    public (int Closed, int Total) Completion(GtUri uri) => Completion(uri, []);

    /// <summary>cytoscape.js elements: a compound node per chain holding its work units, and the edges with their kind as class.</summary>
    public JsonObject ToCytoscape()
    {
        var elements = new JsonArray();
        foreach (var chain in _nodes.Keys.Select(u => u.ChainUri).Distinct())
        {
            elements.Add((JsonNode)new JsonObject
            {
                ["group"] = "nodes",
                ["data"] = new JsonObject { ["id"] = "chain:" + chain, ["label"] = chain.ToString() },
                ["classes"] = "chain",
            });
        }

        foreach (var node in _nodes.Values)
        {
            elements.Add((JsonNode)new JsonObject
            {
                ["group"] = "nodes",
                ["data"] = new JsonObject
                {
                    ["id"] = node.Uri.ToString(),
                    ["parent"] = "chain:" + node.Uri.ChainUri,
                    ["label"] = Shorten(node.Label),
                },
                ["classes"] = node.IsClosed ? "unit closed" : node.Unit is null ? "unit unreachable" : "unit",
            });
        }

        var index = 0;
        foreach (var (from, to, kind) in _edges)
        {
            if (!_nodes.ContainsKey(from) || !_nodes.ContainsKey(to))
            {
                continue;
            }

            elements.Add((JsonNode)new JsonObject
            {
                ["group"] = "edges",
                ["data"] = new JsonObject { ["id"] = "e" + index++, ["source"] = from.ToString(), ["target"] = to.ToString(), ["kind"] = kind.ToString().ToLowerInvariant() },
                ["classes"] = kind.ToString().ToLowerInvariant(),
            });
        }

        return new JsonObject { ["elements"] = elements };
    }

    private (int Closed, int Total) Completion(GtUri uri, HashSet<GtUri> seen)
    {
        if (!seen.Add(uri) || Find(uri) is not { } node)
        {
            return (0, 0);
        }

        var (closed, total) = (node.IsClosed ? 1 : 0, 1);
        foreach (var (child, _) in Children(uri))
        {
            var (c, t) = Completion(child.Uri, seen);
            closed += c;
            total += t;
        }

        return (closed, total);
    }

    private void AddEdge(GtUri from, GtUri to, EdgeKind kind)
    {
        if (!_edgeSet.Add((from, to, kind)))
        {
            return;
        }

        _edges.Add((from, to, kind));
        if (kind != EdgeKind.Blocks)
        {
            if (!_treeEdgesFrom.TryGetValue(from, out var children))
            {
                _treeEdgesFrom[from] = children = [];
            }

            children.Add((to, kind));
        }
    }

    // Labels are drawn on a canvas, from JSON the page's encoder never sees: the characters it would show by code point
    // (a title's U+202E would draw "approved by \u202Eecila" as "approved by alice") are shown so here, then the label is
    // kept short enough to read in a box, never cutting a surrogate pair.
    private static string Shorten(string label)
    {
        var visible = VisibleControlsHtmlEncoder.ShowControls(label);
        if (visible.Length <= 48)
        {
            return visible;
        }

        var cut = char.IsHighSurrogate(visible[46]) ? 46 : 47;
        return visible[..cut] + "…";
    }
}
