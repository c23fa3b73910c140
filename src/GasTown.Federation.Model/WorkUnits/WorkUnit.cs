using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Model;

/// <summary>
/// A beads issue ("work unit"), with every field of beads' <c>types.Issue</c> at the design date typed,
/// and any other JSON property kept as <see cref="UnknownFields"/> so that nothing is ever lost.
/// </summary>
/// <remarks>
/// <para>Immutable: use <c>with</c> to make a changed copy. Collections are read-only private copies.</para>
/// <para>
/// Two work units are equal when they serialise to the same canonical beads JSON (see
/// <see cref="WorkUnitJson.Write(WorkUnit, System.Buffers.IBufferWriter{byte})"/>), unknown fields included.
/// A <see cref="WorkUnitDocument"/> tells an untouched record from a changed one by reference, not by equality.
/// </para>
/// </remarks>
public sealed record WorkUnit
{
    private readonly IReadOnlyList<string> _labels = ReadOnlyArray<string>.Empty;
    private readonly IReadOnlyList<Dependency> _dependencies = ReadOnlyArray<Dependency>.Empty;
    private readonly IReadOnlyList<Comment> _comments = ReadOnlyArray<Comment>.Empty;
    // A string, or LazyJsonText when read from a document (decoded on first use).
    private readonly object? _title;
    private readonly object? _description;
    private readonly object? _design;
    private readonly object? _acceptanceCriteria;
    private readonly object? _notes;
    private readonly IReadOnlyList<UnknownJsonField> _unknownFields = ReadOnlyArray<UnknownJsonField>.Empty;

    // Fields that real data never carried at the design date live in one lazily created object, which keeps
    // a loaded 100k-issue file small. Each init accessor below copies it, so `with` never changes the original.
    private readonly WorkUnitExtras? _extras;

    /// <summary>Creates an empty work unit; set at least <see cref="Id"/>.</summary>
    public WorkUnit()
    {
    }

    [SetsRequiredMembers]
    internal WorkUnit(WorkUnitBuilder b)
    {
        Id = b.Id;
        _title = b.Title;
        _description = b.Description;
        _design = b.Design;
        _acceptanceCriteria = b.AcceptanceCriteria;
        _notes = b.Notes;
        Status = b.Status;
        Priority = b.Priority;
        IssueType = b.IssueType;
        Assignee = b.Assignee;
        CreatedAt = b.CreatedAt;
        CreatedBy = b.CreatedBy;
        UpdatedAt = b.UpdatedAt;
        ClosedAt = b.ClosedAt;
        CloseReason = b.CloseReason;
        _labels = b.Labels;
        _dependencies = b.Dependencies;
        _comments = b.Comments;
        DeletedAt = b.DeletedAt;
        DeletedBy = b.DeletedBy;
        DeleteReason = b.DeleteReason;
        OriginalType = b.OriginalType;
        _unknownFields = b.UnknownFields;
        _extras = b.Extras;
    }

    /// <summary><c>id</c>: The work id, e.g. <c>gt-abc</c> or <c>bd-a3f8.1</c>.</summary>
    public required string Id { get; init; }

    /// <summary><c>title</c>: The title (1–500 characters upstream; tombstones may lack it, then it is empty).</summary>
    public string Title
    {
        get => LazyJsonText.Resolve(_title) ?? string.Empty;
        init => _title = value;
    }

    /// <summary><c>description</c>: The description (markdown).</summary>
    public string? Description
    {
        get => LazyJsonText.Resolve(_description);
        init => _description = value;
    }

    /// <summary><c>design</c>: Design notes.</summary>
    public string? Design
    {
        get => LazyJsonText.Resolve(_design);
        init => _design = value;
    }

    /// <summary><c>acceptance_criteria</c>: Acceptance criteria.</summary>
    public string? AcceptanceCriteria
    {
        get => LazyJsonText.Resolve(_acceptanceCriteria);
        init => _acceptanceCriteria = value;
    }

    /// <summary><c>notes</c>: Free notes.</summary>
    public string? Notes
    {
        get => LazyJsonText.Resolve(_notes);
        init => _notes = value;
    }

    /// <summary><c>status</c>: The status (open set).</summary>
    public WorkStatus Status { get; init; }

    /// <summary><c>priority</c>: 0 (P0, highest) to 4; always written, 0 included.</summary>
    public int Priority { get; init; }

    /// <summary><c>issue_type</c>: The kind of work (open set).</summary>
    public WorkType IssueType { get; init; }

    /// <summary><c>assignee</c>: Who the work is assigned to.</summary>
    public string? Assignee { get; init; }

    /// <summary><c>created_at</c>: When the work unit was created; always written (Go's zero time when absent).</summary>
    public BeadsTimestamp CreatedAt { get; init; }

    /// <summary><c>created_by</c>: Who created it (an actor path such as <c>gastown/crew/max</c> or a login).</summary>
    public string? CreatedBy { get; init; }

    /// <summary><c>updated_at</c>: When it last changed; always written.</summary>
    public BeadsTimestamp UpdatedAt { get; init; }

    /// <summary><c>closed_at</c>: When it was closed; upstream requires it iff closed, but real data breaks that rule.</summary>
    public BeadsTimestamp? ClosedAt { get; init; }

    /// <summary><c>close_reason</c>: Why it was closed.</summary>
    public string? CloseReason { get; init; }

    /// <summary><c>labels</c>: Labels, sorted upstream.</summary>
    public IReadOnlyList<string> Labels
    {
        get => _labels;
        init => _labels = ReadOnlyLists.Copy(value);
    }

    /// <summary><c>dependencies</c>: Embedded dependencies (this unit depends on each target).</summary>
    public IReadOnlyList<Dependency> Dependencies
    {
        get => _dependencies;
        init => _dependencies = ReadOnlyLists.Copy(value);
    }

    /// <summary><c>comments</c>: Comments, oldest first.</summary>
    public IReadOnlyList<Comment> Comments
    {
        get => _comments;
        init => _comments = ReadOnlyLists.Copy(value);
    }

    /// <summary><c>deleted_at</c>: When it was deleted (tombstone).</summary>
    public BeadsTimestamp? DeletedAt { get; init; }

    /// <summary><c>deleted_by</c>: Who deleted it.</summary>
    public string? DeletedBy { get; init; }

    /// <summary><c>delete_reason</c>: Why it was deleted.</summary>
    public string? DeleteReason { get; init; }

    /// <summary><c>original_type</c>: The issue type before deletion.</summary>
    public string? OriginalType { get; init; }

    /// <summary><c>estimated_minutes</c>: Estimated minutes; written when not null (0 included).</summary>
    public int? EstimatedMinutes
    {
        get => _extras?.EstimatedMinutes;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { EstimatedMinutes = value };
    }

    /// <summary><c>external_ref</c>: An external reference such as <c>gh-9</c>; written when not null (empty included).</summary>
    public string? ExternalRef
    {
        get => _extras?.ExternalRef;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { ExternalRef = value };
    }

    /// <summary><c>compaction_level</c>: Compaction level; omitted when 0.</summary>
    public int CompactionLevel
    {
        get => _extras?.CompactionLevel ?? default;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { CompactionLevel = value };
    }

    /// <summary><c>compacted_at</c>: When it was compacted.</summary>
    public BeadsTimestamp? CompactedAt
    {
        get => _extras?.CompactedAt;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { CompactedAt = value };
    }

    /// <summary><c>compacted_at_commit</c>: The commit at compaction; written when not null.</summary>
    public string? CompactedAtCommit
    {
        get => _extras?.CompactedAtCommit;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { CompactedAtCommit = value };
    }

    /// <summary><c>original_size</c>: Size before compaction; omitted when 0.</summary>
    public int OriginalSize
    {
        get => _extras?.OriginalSize ?? default;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { OriginalSize = value };
    }

    /// <summary><c>sender</c>: The sender of a message.</summary>
    public string? Sender
    {
        get => _extras?.Sender;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Sender = value };
    }

    /// <summary><c>ephemeral</c>: True for wisps (never exported upstream); omitted when false.</summary>
    public bool Ephemeral
    {
        get => _extras?.Ephemeral ?? default;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Ephemeral = value };
    }

    /// <summary><c>pinned</c>: Pinned; omitted when false.</summary>
    public bool Pinned
    {
        get => _extras?.Pinned ?? default;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Pinned = value };
    }

    /// <summary><c>is_template</c>: A template; omitted when false.</summary>
    public bool IsTemplate
    {
        get => _extras?.IsTemplate ?? default;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { IsTemplate = value };
    }

    /// <summary><c>bonded_from</c>: Where this unit was bonded from.</summary>
    public IReadOnlyList<BondReference> BondedFrom
    {
        get => _extras?.BondedFrom ?? ReadOnlyArray<BondReference>.Empty;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { BondedFrom = ReadOnlyLists.Copy(value) };
    }

    /// <summary><c>creator</c>: The HOP creator entity.</summary>
    public EntityRef? Creator
    {
        get => _extras?.Creator;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Creator = value };
    }

    /// <summary><c>validations</c>: HOP validations.</summary>
    public IReadOnlyList<WorkValidation> Validations
    {
        get => _extras?.Validations ?? ReadOnlyArray<WorkValidation>.Empty;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Validations = ReadOnlyLists.Copy(value) };
    }

    /// <summary><c>await_type</c>: Gate: what it waits for.</summary>
    public string? AwaitType
    {
        get => _extras?.AwaitType;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { AwaitType = value };
    }

    /// <summary><c>await_id</c>: Gate: the id it waits for.</summary>
    public string? AwaitId
    {
        get => _extras?.AwaitId;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { AwaitId = value };
    }

    /// <summary><c>timeout</c>: Gate timeout as Go's <c>time.Duration</c> (int64 nanoseconds); omitted when null or 0.</summary>
    public long? TimeoutNanoseconds
    {
        get => _extras?.TimeoutNanoseconds;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { TimeoutNanoseconds = value };
    }

    /// <summary><c>waiters</c>: Gate waiters.</summary>
    public IReadOnlyList<string> Waiters
    {
        get => _extras?.Waiters ?? ReadOnlyArray<string>.Empty;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Waiters = ReadOnlyLists.Copy(value) };
    }

    /// <summary><c>source_formula</c>: The formula the unit was made from.</summary>
    public string? SourceFormula
    {
        get => _extras?.SourceFormula;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { SourceFormula = value };
    }

    /// <summary><c>source_location</c>: Where that formula lives.</summary>
    public string? SourceLocation
    {
        get => _extras?.SourceLocation;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { SourceLocation = value };
    }

    /// <summary><c>hook_bead</c>: Agent: the hooked bead.</summary>
    public string? HookBead
    {
        get => _extras?.HookBead;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { HookBead = value };
    }

    /// <summary><c>role_bead</c>: Agent: the role bead.</summary>
    public string? RoleBead
    {
        get => _extras?.RoleBead;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { RoleBead = value };
    }

    /// <summary><c>agent_state</c>: Agent state (idle, spawning, running, working, stuck, done, stopped, dead).</summary>
    public string? AgentState
    {
        get => _extras?.AgentState;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { AgentState = value };
    }

    /// <summary><c>last_activity</c>: Agent: last activity.</summary>
    public BeadsTimestamp? LastActivity
    {
        get => _extras?.LastActivity;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { LastActivity = value };
    }

    /// <summary><c>role_type</c>: Agent: role type.</summary>
    public string? RoleType
    {
        get => _extras?.RoleType;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { RoleType = value };
    }

    /// <summary><c>rig</c>: Agent: rig.</summary>
    public string? Rig
    {
        get => _extras?.Rig;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Rig = value };
    }

    /// <summary><c>mol_type</c>: Molecule type (swarm, patrol, work).</summary>
    public string? MolType
    {
        get => _extras?.MolType;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { MolType = value };
    }

    /// <summary><c>event_kind</c>: Event bead: kind.</summary>
    public string? EventKind
    {
        get => _extras?.EventKind;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { EventKind = value };
    }

    /// <summary><c>actor</c>: Event bead: actor.</summary>
    public string? Actor
    {
        get => _extras?.Actor;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Actor = value };
    }

    /// <summary><c>target</c>: Event bead: target.</summary>
    public string? Target
    {
        get => _extras?.Target;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Target = value };
    }

    /// <summary><c>payload</c>: Event bead: payload (a string holding JSON).</summary>
    public string? Payload
    {
        get => _extras?.Payload;
        init => _extras = (_extras ?? WorkUnitExtras.Empty) with { Payload = value };
    }

    /// <summary>
    /// JSON properties this SDK does not model (for example <c>owner</c>, <c>metadata</c>, <c>source_system</c>
    /// from newer beads versions), in file order. They are written back after the known fields.
    /// </summary>
    public IReadOnlyList<UnknownJsonField> UnknownFields
    {
        get => _unknownFields;
        init => _unknownFields = ReadOnlyLists.Copy(value);
    }

    internal WorkUnitExtras? Extras => _extras;

    /// <summary>True when <see cref="Status"/> is closed or tombstone.</summary>
    public bool IsClosed => Status.IsClosed;

    /// <summary>True when <see cref="Status"/> is tombstone (a deleted unit kept so the deletion propagates).</summary>
    public bool IsTombstone => Status == WorkStatus.Tombstone;

    /// <summary>True when both serialise to the same canonical beads JSON.</summary>
    public bool Equals(WorkUnit? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null && Id == other.Id && UpdatedAt == other.UpdatedAt && WorkUnitJson.CanonicalEquals(this, other);
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, UpdatedAt);

    /// <summary>A short description for debugging: id, status and title.</summary>
    public override string ToString() => $"{Id} [{Status}] {Title}";
}
