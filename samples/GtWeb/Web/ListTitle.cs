namespace GtWeb;

/// <summary>
/// A work unit's title as a list row shows it: cut to <see cref="MaxShown"/> characters with an ellipsis. A title is remote
/// data, and a hostile chain can give one hundreds of kilobytes, which every row, tree node and graph label repeated in
/// full. The unit's own page (each row links there) shows the whole title; the JSON API keeps it exact.
/// </summary>
internal static class ListTitle
{
    /// <summary>The most characters of a title a row shows: a long sentence, far more than a row is wide.</summary>
    public const int MaxShown = 200;

    /// <summary><paramref name="title"/> as a row shows it: whole when short, else its first <see cref="MaxShown"/> characters and "…".</summary>
    public static string? Of(string? title)
    {
        if (title is null || title.Length <= MaxShown)
        {
            return title;
        }

        // Never half a surrogate pair: the cut would end in a character no font draws.
        var cut = char.IsHighSurrogate(title[MaxShown - 1]) ? MaxShown - 1 : MaxShown;
        return string.Concat(title.AsSpan(0, cut), "…");
    }
}
