using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Narrows a list query to work units of one status and/or one issue type (ordinal match on the beads value).</summary>
/// <param name="Status">Keep only this status (e.g. <see cref="WorkStatus.Open"/>), or null for every status.</param>
/// <param name="IssueType">Keep only this issue type (e.g. <c>new WorkType("bug")</c>), or null for every type.</param>
public sealed record WorkFilter(WorkStatus? Status = null, WorkType? IssueType = null)
{
    /// <summary>A filter that keeps everything.</summary>
    public static WorkFilter None { get; } = new();

    /// <summary>Whether <paramref name="unit"/> passes the filter.</summary>
    /// <param name="unit">The work unit.</param>
    /// <returns><see langword="true"/> when both the status and the type match (or are not filtered).</returns>
    public bool Matches(WorkUnitSummary unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Matches(unit.WorkUnit);
    }

    /// <summary>Whether <paramref name="unit"/> passes the filter.</summary>
    internal bool Matches(WorkUnit unit) =>
        (Status is not { } status || unit.Status == status) && (IssueType is not { } type || unit.IssueType == type);
}
