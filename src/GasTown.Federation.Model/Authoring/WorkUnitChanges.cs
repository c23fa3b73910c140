namespace GasTown.Federation.Model;

/// <summary>
/// Changes to a work unit, as <c>bd update</c> takes them; <see langword="null"/> leaves a field as it is.
/// </summary>
public sealed record WorkUnitChanges
{
    /// <summary>A new title.</summary>
    public string? Title { get; init; }

    /// <summary>A new description (empty removes it).</summary>
    public string? Description { get; init; }

    /// <summary>A new notes text (empty removes it).</summary>
    public string? Notes { get; init; }

    /// <summary>A new status. <c>closed</c> stamps <c>closed_at</c>; leaving <c>closed</c> clears it and the close reason, as bd does.</summary>
    public WorkStatus? Status { get; init; }

    /// <summary>A new priority, 0 to 4.</summary>
    public int? Priority { get; init; }

    /// <summary>A new assignee (empty removes it).</summary>
    public string? Assignee { get; init; }

    /// <summary>A new issue type.</summary>
    public WorkType? Type { get; init; }

    /// <summary>True when no field is set.</summary>
    public bool IsEmpty => Title is null && Description is null && Notes is null && Status is null && Priority is null && Assignee is null && Type is null;
}
