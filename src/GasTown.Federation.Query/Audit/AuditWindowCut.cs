namespace GasTown.Federation.Query;

/// <summary>
/// Keeps, of the entries read for a page's window, only what the window holds (<see cref="QueryIndexAuditWindow"/>: every
/// entry in <see cref="QueryIndexAuditWindow.Until"/>'s second, and the <see cref="QueryIndexAuditWindow.Newest"/> newest
/// before it with every entry sharing the oldest one's second). The index reads only its window's units and event lines,
/// but a unit read brings all its entries, and a chain's commits (and an event log only a load describes) are read whole
/// for each page: cutting as they come holds a page's window, not every entry those sources gave. What is kept is still a
/// superset of the page and of what its next token counts, so <see cref="AuditQuery.Pages"/> cuts the same page.
/// </summary>
internal static class AuditWindowCut
{
    /// <summary>Cuts <paramref name="entries"/> to <paramref name="window"/> once they hold more than a few windows' worth.</summary>
    public static void KeepIfLarge(List<AuditEntry> entries, QueryIndexAuditWindow window)
    {
        if (entries.Count > 4L * window.Newest + 1_000)
        {
            Keep(entries, window);
        }
    }

    /// <summary>Cuts <paramref name="entries"/> (in any order) to <paramref name="window"/>.</summary>
    public static void Keep(List<AuditEntry> entries, QueryIndexAuditWindow window)
    {
        var until = window.Until is { } last ? AuditSeconds.Of(last) : long.MaxValue;
        var before = new List<long>(entries.Count);
        foreach (var entry in entries)
        {
            if (AuditSeconds.Of(entry.Timestamp) is var second && second < until)
            {
                before.Add(second);
            }
        }

        var cut = long.MinValue;
        if (before.Count > window.Newest)
        {
            before.Sort();
            cut = before[^window.Newest];
        }

        // Past Until's second: before the page's position, which a page skips. Before the cut: past the page's end.
        entries.RemoveAll(e => AuditSeconds.Of(e.Timestamp) is var second && (second > until || second < cut));
    }
}
