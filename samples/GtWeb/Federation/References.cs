using GasTown.Federation;
using GasTown.Federation.Query;

namespace GtWeb.Federation;

/// <summary>
/// Which work unit a dependency edge names, as upstream writes it: a gt:// URI, <c>external:rig:id</c> in the
/// same chain, or a bare id in the same chain. Used to draw edges between units a query already returned.
/// </summary>
internal static class References
{
    /// <summary>Whether <paramref name="dependsOn"/>, written on <paramref name="from"/>, names <paramref name="target"/>.</summary>
    public static bool Names(WorkUnitSummary from, string dependsOn, GtUri target)
    {
        if (dependsOn.StartsWith("gt://", StringComparison.Ordinal))
        {
            return GtUri.TryParse(dependsOn, out var uri, out _) && uri == target;
        }

        if (from.Chain != target.ChainUri)
        {
            return false;
        }

        if (dependsOn.StartsWith("external:", StringComparison.Ordinal))
        {
            var parts = dependsOn.Split(':');
            return parts.Length == 3 && parts[1] == target.Rig && parts[2] == target.WorkId;
        }

        return dependsOn == target.WorkId;
    }

    /// <summary>The unit among <paramref name="candidates"/> that the edge names, or null.</summary>
    public static WorkUnitSummary? Resolve(WorkUnitSummary from, string dependsOn, IEnumerable<WorkUnitSummary> candidates) =>
        candidates.FirstOrDefault(c => c.Uri != from.Uri && Names(from, dependsOn, c.Uri));
}
