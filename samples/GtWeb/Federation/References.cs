using GasTown.Federation;
using GasTown.Federation.Query;

namespace GtWeb.Federation;

/// <summary>
/// Which of the work units a query already returned a dependency edge names, as upstream writes it: a gt:// URI,
/// <c>external:rig:id</c> in the same chain, or a bare id in the same chain. Used to draw edges between those units. The
/// units are looked up by key, not scanned per edge: a remote's project of thousands of units, each naming its parent,
/// made a page compare every edge with every unit.
/// </summary>
internal sealed class References
{
    private readonly Dictionary<GtUri, List<WorkUnitSummary>> _byUri = [];
    private readonly Dictionary<(GtUri Chain, string Id), List<WorkUnitSummary>> _byId = [];

    /// <summary>The units edges may name, in the order a name that fits several resolves to the first.</summary>
    public References(IEnumerable<WorkUnitSummary> candidates)
    {
        foreach (var candidate in candidates)
        {
            Add(_byUri, candidate.Uri, candidate);
            if (candidate.Uri.WorkId is { } id)
            {
                Add(_byId, (candidate.Uri.ChainUri, id), candidate);
            }
        }
    }

    /// <summary>The first unit (other than <paramref name="from"/>) that <paramref name="dependsOn"/>, written on <paramref name="from"/>, names; or null.</summary>
    public WorkUnitSummary? Resolve(WorkUnitSummary from, string dependsOn)
    {
        IEnumerable<WorkUnitSummary> named;
        if (dependsOn.StartsWith("gt://", StringComparison.Ordinal))
        {
            named = GtUri.TryParse(dependsOn, out var uri, out _) ? _byUri.GetValueOrDefault(uri) ?? [] : [];
        }
        else if (dependsOn.StartsWith("external:", StringComparison.Ordinal))
        {
            var parts = dependsOn.Split(':');
            named = parts.Length == 3 ? (_byId.GetValueOrDefault((from.Chain, parts[2])) ?? []).Where(c => c.Uri.Rig == parts[1]) : [];
        }
        else
        {
            named = _byId.GetValueOrDefault((from.Chain, dependsOn)) ?? [];
        }

        return named.FirstOrDefault(c => c.Uri != from.Uri);
    }

    private static void Add<TKey>(Dictionary<TKey, List<WorkUnitSummary>> map, TKey key, WorkUnitSummary unit)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var units))
        {
            map[key] = units = [];
        }

        units.Add(unit);
    }
}
