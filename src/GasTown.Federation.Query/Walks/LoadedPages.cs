namespace GasTown.Federation.Query;

/// <summary>
/// Pages cut from a whole listing held in memory (the loading path of a page, or of a walk once the index declined), with
/// the tokens the indexed pages write, so a walk may change from one to the other between pages without repeating or
/// skipping a unit.
/// </summary>
internal static class LoadedPages
{
    /// <summary>
    /// The index of the first item whose key sorts after <paramref name="afterKey"/> (ordinal), in items ordered by that
    /// key (non-decreasing); 0 for no key.
    /// </summary>
    public static int StartAfter<T>(IReadOnlyList<T> items, string? afterKey, Func<T, string> keyOf)
    {
        if (afterKey is null)
        {
            return 0;
        }

        var (low, high) = (0, items.Count);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(keyOf(items[middle]), afterKey) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>At most <paramref name="limit"/> items from <paramref name="start"/>, and the token of the next page (null when none follows).</summary>
    public static (List<T> Items, string? Next) Page<T>(IReadOnlyList<T> items, int start, int limit, Func<T, string> keyOf, PagedList list)
    {
        var count = Math.Max(0, Math.Min(limit, items.Count - start));
        var page = new List<T>(count);
        for (var i = start; i < start + count; i++)
        {
            page.Add(items[i]);
        }

        var next = start + count < items.Count ? QueryPageToken.Encode(list, keyOf(page[^1])) : null;
        return (page, next);
    }

    /// <summary>
    /// Every page of an ordered whole listing after the position a token of <paramref name="list"/> names (from the start
    /// for none, giving one page even when empty), each built by <paramref name="page"/> from its items and next token.
    /// </summary>
    public static IEnumerable<TPage> Pages<T, TPage>(IReadOnlyList<T> items, string? afterToken, PagedList list, int limit, Func<T, string> keyOf, Func<List<T>, string?, TPage> page)
    {
        var start = StartAfter(items, QueryPageToken.Decode(list, afterToken), keyOf);
        while (true)
        {
            var (slice, next) = Page(items, start, limit, keyOf, list);
            yield return page(slice, next);
            if (next is null)
            {
                yield break;
            }

            start += slice.Count;
        }
    }
}
