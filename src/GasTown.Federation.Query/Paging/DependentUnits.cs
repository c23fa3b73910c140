using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// A unit's dependents grouped by the work unit that holds the edges and ordered as every answer orders them (by that
/// unit's URI, ordinal; a unit's edges as its line writes them), from which pages are cut with their tokens. One rule
/// for the whole answer, a page and a walk, on both paths: the indexed path groups the index's edge rows before it parses
/// a line, the loaded path the answer's edges.
/// </summary>
/// <typeparam name="TEdge">What an edge is on the path (an index row, or the answer's <see cref="DependentWorkUnit"/>).</typeparam>
internal sealed class DependentUnits<TEdge>
{
    private readonly List<(string Key, List<(GtUri Uri, TEdge Edge)> Edges)> _units;

    /// <summary>Groups <paramref name="edges"/> (each with the URI of the unit that holds it, in the order its line writes them).</summary>
    public DependentUnits(IEnumerable<(GtUri Uri, TEdge Edge)> edges)
    {
        var byUnit = new Dictionary<GtUri, List<(GtUri Uri, TEdge Edge)>>();
        foreach (var edge in edges)
        {
            if (!byUnit.TryGetValue(edge.Uri, out var unitEdges))
            {
                byUnit[edge.Uri] = unitEdges = [];
            }

            unitEdges.Add(edge);
            EdgeCount++;
        }

        _units = [.. byUnit.Select(u => (Key: u.Key.ToString(), Edges: u.Value)).OrderBy(u => u.Key, StringComparer.Ordinal)];
    }

    /// <summary>How many work units depend on the target.</summary>
    public int Count => _units.Count;

    /// <summary>How many edges name the target, across those units.</summary>
    public int EdgeCount { get; }

    /// <summary>Every edge, in the answer's order.</summary>
    public IEnumerable<(GtUri Uri, TEdge Edge)> All => _units.SelectMany(u => u.Edges);

    /// <summary>The position of the first unit whose URI sorts after <paramref name="afterUri"/> (a decoded page token; 0 for none).</summary>
    public int StartAfter(string? afterUri) => LoadedPages.StartAfter(_units, afterUri, static u => u.Key);

    /// <summary>
    /// The edges of at most <paramref name="limit"/> units from <paramref name="start"/>, how many units they are, and the
    /// next page's token (null when none follows).
    /// </summary>
    public (List<(GtUri Uri, TEdge Edge)> Edges, int Units, string? Next) Page(PagedList list, int start, int limit)
    {
        var (units, next) = LoadedPages.Page(_units, start, limit, static u => u.Key, list);
        return ([.. units.SelectMany(u => u.Edges)], units.Count, next);
    }
}
