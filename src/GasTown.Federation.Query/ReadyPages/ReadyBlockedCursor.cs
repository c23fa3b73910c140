namespace GasTown.Federation.Query;

/// <summary>
/// The blocked units of a whole ready answer (those a filter keeps) in the ready list's order (priority, then URI), counted
/// off page by page as pages are cut from it: each page of ready work counts the blocked units between the previous page's
/// last item and its own, so the counts of every page add up to the whole answer's, however the pages were cut.
/// </summary>
internal sealed class ReadyBlockedCursor
{
    private readonly List<WorkUnitSummary> _ordered;
    private int _next;

    /// <param name="whole">The whole answer.</param>
    /// <param name="filter">The filter the pages keep.</param>
    /// <param name="after">Where the walk starts (null: at the beginning); the blocked units up to it are not counted.</param>
    public ReadyBlockedCursor(ReadyWorkResult whole, WorkFilter filter, ReadyPagePosition? after)
    {
        _ordered = [.. whole.Blocked.Select(b => b.WorkUnit).Where(filter.Matches)];
        _ordered.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : WorkUnitSummary.CompareByUri(a, b));
        while (after is not null && _next < _ordered.Count && !after.IsBefore(_ordered[_next]))
        {
            _next++;
        }
    }

    /// <summary>How many blocked units come before <paramref name="last"/> (every one left, for the last page: null).</summary>
    public int CountThrough(WorkUnitSummary? last)
    {
        var start = _next;
        var position = last is null ? null : ReadyPagePosition.Of(last);
        while (_next < _ordered.Count && (position is null || !position.IsBefore(_ordered[_next])))
        {
            _next++;
        }

        return _next - start;
    }
}
