using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Which dependents one page of <see cref="FederationQueries.GetDependentsPageAsync"/> holds, the same on both paths:
/// the first <c>limit</c> dependent units (by URI, ordinal, as the whole answer is ordered) after the unit the
/// token names, each with all of its edges. The indexed path chooses before it parses a line, the loaded path cuts the
/// whole answer.
/// </summary>
internal sealed class DependentsWindow(PagedList list, int limit, string? afterUri)
{
    /// <summary>The page's units among <paramref name="dependents"/> (any order, repeats allowed), how many there are in all, and the next page's token.</summary>
    public (HashSet<GtUri> Page, int Count, string? Next) Choose(IEnumerable<GtUri> dependents)
    {
        var ordered = dependents.Distinct().Select(u => (Uri: u, Key: u.ToString())).OrderBy(u => u.Key, StringComparer.Ordinal).ToList();
        var (page, next) = LoadedPages.Page(ordered, LoadedPages.StartAfter(ordered, afterUri, u => u.Key), limit, u => u.Key, list);
        return ([.. page.Select(u => u.Uri)], ordered.Count, next);
    }
}
