namespace GasTown.Federation.Query;

/// <summary>Narrows a list query to work units of one status and/or one issue type (exact, ordinal match on the beads text).</summary>
/// <param name="Status">Keep only this status (e.g. <c>open</c>), or null for every status.</param>
/// <param name="IssueType">Keep only this issue type (e.g. <c>bug</c>), or null for every type.</param>
public sealed record WorkFilter(string? Status = null, string? IssueType = null)
{
    /// <summary>A filter that keeps everything.</summary>
    public static WorkFilter None { get; } = new();

    /// <summary>Whether <paramref name="unit"/> passes the filter.</summary>
    /// <param name="unit">The work unit.</param>
    /// <returns><see langword="true"/> when both the status and the type match (or are not filtered).</returns>
    public bool Matches(WorkUnitSummary unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return (Status is null || string.Equals(unit.Status, Status, StringComparison.Ordinal))
            && (IssueType is null || string.Equals(unit.IssueType, IssueType, StringComparison.Ordinal));
    }
}
