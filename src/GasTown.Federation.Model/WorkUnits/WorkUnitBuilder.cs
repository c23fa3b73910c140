namespace GasTown.Federation.Model;

/// <summary>The reader's scratch space for one line; reset and reused so parsing allocates only what it keeps.</summary>
internal sealed class WorkUnitBuilder
{
    public string Id = string.Empty;
    public object? Title;
    public object? Description;
    public object? Design;
    public object? AcceptanceCriteria;
    public object? Notes;
    public WorkStatus Status;
    public int Priority;
    public WorkType IssueType;
    public string? Assignee;
    public BeadsTimestamp CreatedAt;
    public string? CreatedBy;
    public BeadsTimestamp UpdatedAt;
    public BeadsTimestamp? ClosedAt;
    public string? CloseReason;
    public IReadOnlyList<string> Labels = ReadOnlyArray<string>.Empty;
    public IReadOnlyList<Dependency> Dependencies = ReadOnlyArray<Dependency>.Empty;
    public IReadOnlyList<Comment> Comments = ReadOnlyArray<Comment>.Empty;
    public BeadsTimestamp? DeletedAt;
    public string? DeletedBy;
    public string? DeleteReason;
    public string? OriginalType;
    public IReadOnlyList<UnknownJsonField> UnknownFields = ReadOnlyArray<UnknownJsonField>.Empty;
    public WorkUnitExtras? Extras;

    public void Reset()
    {
        Id = string.Empty;
        Title = null;
        Description = default;
        Design = default;
        AcceptanceCriteria = default;
        Notes = default;
        Status = default;
        Priority = default;
        IssueType = default;
        Assignee = default;
        CreatedAt = default;
        CreatedBy = default;
        UpdatedAt = default;
        ClosedAt = default;
        CloseReason = default;
        Labels = ReadOnlyArray<string>.Empty;
        Dependencies = ReadOnlyArray<Dependency>.Empty;
        Comments = ReadOnlyArray<Comment>.Empty;
        DeletedAt = default;
        DeletedBy = default;
        DeleteReason = default;
        OriginalType = default;
        UnknownFields = ReadOnlyArray<UnknownJsonField>.Empty;
        Extras = null;
    }
}
