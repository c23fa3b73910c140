using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using F = GasTown.Federation.Model.WorkUnitFields;

namespace GasTown.Federation.Model;

/// <summary>
/// A beads issue ("work unit"), with every field of beads' <c>types.Issue</c> typed (the design-date fields and those
/// added upstream since), and any other JSON property kept as <see cref="UnknownFields"/> so that nothing is ever lost.
/// </summary>
/// <remarks>
/// <para>Immutable: use <c>with</c> to make a changed copy. Collections are read-only private copies.</para>
/// <para>
/// Two work units are equal when they serialise to the same canonical beads JSON (see
/// <see cref="WorkUnitJson.Write(WorkUnit, System.Buffers.IBufferWriter{byte})"/>), unknown fields included.
/// A <see cref="WorkUnitDocument"/> tells an untouched record from a changed one by reference, not by equality.
/// </para>
/// <para>
/// Each property is one entry of the internal field table (JSON key, Go order, omit rule, kind); a unit holds only
/// the fields its line carries, so a loaded file costs what its lines hold.
/// </para>
/// </remarks>
public sealed record WorkUnit
{
    private readonly FieldEntry[] _fields = [];
    private readonly IReadOnlyList<UnknownJsonField> _unknownFields = ReadOnlyArray<UnknownJsonField>.Empty;

    /// <summary>Creates an empty work unit; set at least <see cref="Id"/>.</summary>
    public WorkUnit()
    {
    }

    [SetsRequiredMembers]
    internal WorkUnit(string id, FieldEntry[] fields, IReadOnlyList<UnknownJsonField> unknownFields)
    {
        Id = id;
        _fields = fields;
        _unknownFields = unknownFields;
    }

    /// <summary><c>id</c>: The work id, e.g. <c>gt-abc</c> or <c>bd-a3f8.1</c>.</summary>
    public required string Id { get; init; }

    /// <summary><c>title</c>: The title (1–500 characters upstream; tombstones may lack it, then it is empty).</summary>
    public string Title
    {
        get => LazyJsonText.Resolve(Get(F.Title)) ?? string.Empty;
        init => _fields = FieldValues.With(_fields, F.Title, value);
    }

    /// <summary><c>description</c>: The description (markdown).</summary>
    public string? Description
    {
        get => LazyJsonText.Resolve(Get(F.Description));
        init => _fields = FieldValues.With(_fields, F.Description, value);
    }

    /// <summary><c>design</c>: Design notes.</summary>
    public string? Design
    {
        get => LazyJsonText.Resolve(Get(F.Design));
        init => _fields = FieldValues.With(_fields, F.Design, value);
    }

    /// <summary><c>acceptance_criteria</c>: Acceptance criteria.</summary>
    public string? AcceptanceCriteria
    {
        get => LazyJsonText.Resolve(Get(F.AcceptanceCriteria));
        init => _fields = FieldValues.With(_fields, F.AcceptanceCriteria, value);
    }

    /// <summary><c>notes</c>: Free notes.</summary>
    public string? Notes
    {
        get => LazyJsonText.Resolve(Get(F.Notes));
        init => _fields = FieldValues.With(_fields, F.Notes, value);
    }

    /// <summary><c>spec_id</c>: The specification this work implements (beads a1c447eb6, 2026-01-30).</summary>
    public string? SpecId
    {
        get => (string?)Get(F.SpecId);
        init => _fields = FieldValues.With(_fields, F.SpecId, value);
    }

    /// <summary><c>status</c>: The status (open set).</summary>
    public WorkStatus Status
    {
        get => new((string?)Get(F.Status));
        init => _fields = FieldValues.With(_fields, F.Status, value.IsEmpty ? null : value.Value);
    }

    /// <summary><c>priority</c>: 0 (P0, highest) to 4; always written, 0 included.</summary>
    public int Priority
    {
        get => Get(F.Priority) is int value ? value : 0;
        init => _fields = FieldValues.With(_fields, F.Priority, FieldValues.Box(value));
    }

    /// <summary><c>issue_type</c>: The kind of work (open set).</summary>
    public WorkType IssueType
    {
        get => new((string?)Get(F.IssueType));
        init => _fields = FieldValues.With(_fields, F.IssueType, value.IsEmpty ? null : value.Value);
    }

    /// <summary><c>assignee</c>: Who the work is assigned to.</summary>
    public string? Assignee
    {
        get => (string?)Get(F.Assignee);
        init => _fields = FieldValues.With(_fields, F.Assignee, value);
    }

    /// <summary><c>owner</c>: The human owner, a git author email (beads ceb5769c7, 2026-01-10).</summary>
    public string? Owner
    {
        get => (string?)Get(F.Owner);
        init => _fields = FieldValues.With(_fields, F.Owner, value);
    }

    /// <summary><c>estimated_minutes</c>: Estimated minutes; written when not null (0 included).</summary>
    public int? EstimatedMinutes
    {
        get => Get(F.EstimatedMinutes) is int value ? value : null;
        init => _fields = FieldValues.With(_fields, F.EstimatedMinutes, value is { } v ? FieldValues.Box(v) : null);
    }

    /// <summary><c>created_at</c>: When the work unit was created; always written (Go's zero time when absent).</summary>
    public BeadsTimestamp CreatedAt
    {
        get => Get(F.CreatedAt) is BeadsTimestamp value ? value : default;
        init => _fields = FieldValues.With(_fields, F.CreatedAt, value);
    }

    /// <summary><c>created_by</c>: Who created it (an actor path such as <c>gastown/crew/max</c> or a login).</summary>
    public string? CreatedBy
    {
        get => (string?)Get(F.CreatedBy);
        init => _fields = FieldValues.With(_fields, F.CreatedBy, value);
    }

    /// <summary><c>updated_at</c>: When it last changed; always written.</summary>
    public BeadsTimestamp UpdatedAt
    {
        get => Get(F.UpdatedAt) is BeadsTimestamp value ? value : default;
        init => _fields = FieldValues.With(_fields, F.UpdatedAt, value);
    }

    /// <summary><c>started_at</c>: When it moved to in_progress (beads f03d4e7fa, 2026-04-14).</summary>
    public BeadsTimestamp? StartedAt
    {
        get => Get(F.StartedAt) is BeadsTimestamp value ? value : null;
        init => _fields = FieldValues.With(_fields, F.StartedAt, value);
    }

    /// <summary><c>closed_at</c>: When it was closed; upstream requires it iff closed, but real data breaks that rule.</summary>
    public BeadsTimestamp? ClosedAt
    {
        get => Get(F.ClosedAt) is BeadsTimestamp value ? value : null;
        init => _fields = FieldValues.With(_fields, F.ClosedAt, value);
    }

    /// <summary><c>close_reason</c>: Why it was closed.</summary>
    public string? CloseReason
    {
        get => (string?)Get(F.CloseReason);
        init => _fields = FieldValues.With(_fields, F.CloseReason, value);
    }

    /// <summary><c>closed_by_session</c>: The agent session that closed it (beads b362b3682, 2025-12-31).</summary>
    public string? ClosedBySession
    {
        get => (string?)Get(F.ClosedBySession);
        init => _fields = FieldValues.With(_fields, F.ClosedBySession, value);
    }

    /// <summary><c>due_at</c>: When it should be done (beads d371baf2c, 2026-01-01).</summary>
    public BeadsTimestamp? DueAt
    {
        get => Get(F.DueAt) is BeadsTimestamp value ? value : null;
        init => _fields = FieldValues.With(_fields, F.DueAt, value);
    }

    /// <summary><c>defer_until</c>: Hidden from ready work until then (beads d371baf2c, 2026-01-01).</summary>
    public BeadsTimestamp? DeferUntil
    {
        get => Get(F.DeferUntil) is BeadsTimestamp value ? value : null;
        init => _fields = FieldValues.With(_fields, F.DeferUntil, value);
    }

    /// <summary><c>external_ref</c>: An external reference such as <c>gh-9</c>; written when not null (empty included).</summary>
    public string? ExternalRef
    {
        get => (string?)Get(F.ExternalRef);
        init => _fields = FieldValues.With(_fields, F.ExternalRef, value);
    }

    /// <summary><c>source_system</c>: The system or adapter that created it (beads f79e63600, 2026-01-10).</summary>
    public string? SourceSystem
    {
        get => (string?)Get(F.SourceSystem);
        init => _fields = FieldValues.With(_fields, F.SourceSystem, value);
    }

    /// <summary><c>compaction_level</c>: Compaction level; omitted when 0.</summary>
    public int CompactionLevel
    {
        get => Get(F.CompactionLevel) is int value ? value : 0;
        init => _fields = FieldValues.With(_fields, F.CompactionLevel, FieldValues.Box(value));
    }

    /// <summary><c>compacted_at</c>: When it was compacted.</summary>
    public BeadsTimestamp? CompactedAt
    {
        get => Get(F.CompactedAt) is BeadsTimestamp value ? value : null;
        init => _fields = FieldValues.With(_fields, F.CompactedAt, value);
    }

    /// <summary><c>compacted_at_commit</c>: The commit at compaction; written when not null.</summary>
    public string? CompactedAtCommit
    {
        get => (string?)Get(F.CompactedAtCommit);
        init => _fields = FieldValues.With(_fields, F.CompactedAtCommit, value);
    }

    /// <summary><c>original_size</c>: Size before compaction; omitted when 0.</summary>
    public int OriginalSize
    {
        get => Get(F.OriginalSize) is int value ? value : 0;
        init => _fields = FieldValues.With(_fields, F.OriginalSize, FieldValues.Box(value));
    }

    /// <summary><c>labels</c>: Labels, sorted upstream.</summary>
    public IReadOnlyList<string> Labels
    {
        get => Get(F.Labels) as IReadOnlyList<string> ?? ReadOnlyArray<string>.Empty;
        init => _fields = FieldValues.With(_fields, F.Labels, value is null || value.Count == 0 ? null : ReadOnlyLists.Copy(value));
    }

    /// <summary><c>dependencies</c>: Embedded dependencies (this unit depends on each target).</summary>
    public IReadOnlyList<Dependency> Dependencies
    {
        get => Get(F.Dependencies) as IReadOnlyList<Dependency> ?? ReadOnlyArray<Dependency>.Empty;
        init => _fields = FieldValues.With(_fields, F.Dependencies, value is null || value.Count == 0 ? null : ReadOnlyLists.Copy(value));
    }

    /// <summary><c>comments</c>: Comments, oldest first.</summary>
    public IReadOnlyList<Comment> Comments
    {
        get => Get(F.Comments) as IReadOnlyList<Comment> ?? ReadOnlyArray<Comment>.Empty;
        init => _fields = FieldValues.With(_fields, F.Comments, value is null || value.Count == 0 ? null : ReadOnlyLists.Copy(value));
    }

    /// <summary><c>deleted_at</c>: When it was deleted (tombstone; removed upstream by 7eed8b8a1).</summary>
    public BeadsTimestamp? DeletedAt
    {
        get => Get(F.DeletedAt) is BeadsTimestamp value ? value : null;
        init => _fields = FieldValues.With(_fields, F.DeletedAt, value);
    }

    /// <summary><c>deleted_by</c>: Who deleted it.</summary>
    public string? DeletedBy
    {
        get => (string?)Get(F.DeletedBy);
        init => _fields = FieldValues.With(_fields, F.DeletedBy, value);
    }

    /// <summary><c>delete_reason</c>: Why it was deleted.</summary>
    public string? DeleteReason
    {
        get => (string?)Get(F.DeleteReason);
        init => _fields = FieldValues.With(_fields, F.DeleteReason, value);
    }

    /// <summary><c>original_type</c>: The issue type before deletion.</summary>
    public string? OriginalType
    {
        get => (string?)Get(F.OriginalType);
        init => _fields = FieldValues.With(_fields, F.OriginalType, value);
    }

    /// <summary><c>sender</c>: The sender of a message.</summary>
    public string? Sender
    {
        get => (string?)Get(F.Sender);
        init => _fields = FieldValues.With(_fields, F.Sender, value);
    }

    /// <summary><c>ephemeral</c>: True for wisps (not exported upstream by default); omitted when false.</summary>
    public bool Ephemeral
    {
        get => Get(F.Ephemeral) is true;
        init => _fields = FieldValues.With(_fields, F.Ephemeral, value ? FieldValues.True : null);
    }

    /// <summary><c>no_history</c>: Stored without history but not garbage-collected (beads 869cc17fc, 2026-03-15); omitted when false.</summary>
    public bool NoHistory
    {
        get => Get(F.NoHistory) is true;
        init => _fields = FieldValues.With(_fields, F.NoHistory, value ? FieldValues.True : null);
    }

    /// <summary><c>wisp_type</c>: The wisp's class for TTL compaction, e.g. heartbeat, patrol (beads e5c8c1d77, 2026-02-02).</summary>
    public string? WispType
    {
        get => (string?)Get(F.WispType);
        init => _fields = FieldValues.With(_fields, F.WispType, value);
    }

    /// <summary><c>pinned</c>: Pinned; omitted when false.</summary>
    public bool Pinned
    {
        get => Get(F.Pinned) is true;
        init => _fields = FieldValues.With(_fields, F.Pinned, value ? FieldValues.True : null);
    }

    /// <summary><c>is_template</c>: A template; omitted when false.</summary>
    public bool IsTemplate
    {
        get => Get(F.IsTemplate) is true;
        init => _fields = FieldValues.With(_fields, F.IsTemplate, value ? FieldValues.True : null);
    }

    /// <summary><c>bonded_from</c>: Where this unit was bonded from.</summary>
    public IReadOnlyList<BondReference> BondedFrom
    {
        get => Get(F.BondedFrom) as IReadOnlyList<BondReference> ?? ReadOnlyArray<BondReference>.Empty;
        init => _fields = FieldValues.With(_fields, F.BondedFrom, value is null || value.Count == 0 ? null : ReadOnlyLists.Copy(value));
    }

    /// <summary><c>creator</c>: The HOP creator entity (removed upstream by 54dc3997b).</summary>
    public EntityRef? Creator
    {
        get => (EntityRef?)Get(F.Creator);
        init => _fields = FieldValues.With(_fields, F.Creator, value);
    }

    /// <summary><c>validations</c>: HOP validations (removed upstream by 54dc3997b).</summary>
    public IReadOnlyList<WorkValidation> Validations
    {
        get => Get(F.Validations) as IReadOnlyList<WorkValidation> ?? ReadOnlyArray<WorkValidation>.Empty;
        init => _fields = FieldValues.With(_fields, F.Validations, value is null || value.Count == 0 ? null : ReadOnlyLists.Copy(value));
    }

    /// <summary><c>await_type</c>: Gate: what it waits for.</summary>
    public string? AwaitType
    {
        get => (string?)Get(F.AwaitType);
        init => _fields = FieldValues.With(_fields, F.AwaitType, value);
    }

    /// <summary><c>await_id</c>: Gate: the id it waits for.</summary>
    public string? AwaitId
    {
        get => (string?)Get(F.AwaitId);
        init => _fields = FieldValues.With(_fields, F.AwaitId, value);
    }

    /// <summary><c>timeout</c>: Gate timeout as Go's <c>time.Duration</c> (int64 nanoseconds); omitted when null or 0.</summary>
    public long? TimeoutNanoseconds
    {
        get => Get(F.Timeout) is long value ? value : null;
        init => _fields = FieldValues.With(_fields, F.Timeout, value);
    }

    /// <summary><c>waiters</c>: Gate waiters.</summary>
    public IReadOnlyList<string> Waiters
    {
        get => Get(F.Waiters) as IReadOnlyList<string> ?? ReadOnlyArray<string>.Empty;
        init => _fields = FieldValues.With(_fields, F.Waiters, value is null || value.Count == 0 ? null : ReadOnlyLists.Copy(value));
    }

    /// <summary><c>source_formula</c>: The formula the unit was made from.</summary>
    public string? SourceFormula
    {
        get => (string?)Get(F.SourceFormula);
        init => _fields = FieldValues.With(_fields, F.SourceFormula, value);
    }

    /// <summary><c>source_location</c>: Where that formula lives.</summary>
    public string? SourceLocation
    {
        get => (string?)Get(F.SourceLocation);
        init => _fields = FieldValues.With(_fields, F.SourceLocation, value);
    }

    /// <summary><c>hook_bead</c>: Agent: the hooked bead.</summary>
    public string? HookBead
    {
        get => (string?)Get(F.HookBead);
        init => _fields = FieldValues.With(_fields, F.HookBead, value);
    }

    /// <summary><c>role_bead</c>: Agent: the role bead.</summary>
    public string? RoleBead
    {
        get => (string?)Get(F.RoleBead);
        init => _fields = FieldValues.With(_fields, F.RoleBead, value);
    }

    /// <summary><c>agent_state</c>: Agent state (idle, spawning, running, working, stuck, done, stopped, dead).</summary>
    public string? AgentState
    {
        get => (string?)Get(F.AgentState);
        init => _fields = FieldValues.With(_fields, F.AgentState, value);
    }

    /// <summary><c>last_activity</c>: Agent: last activity.</summary>
    public BeadsTimestamp? LastActivity
    {
        get => Get(F.LastActivity) is BeadsTimestamp value ? value : null;
        init => _fields = FieldValues.With(_fields, F.LastActivity, value);
    }

    /// <summary><c>role_type</c>: Agent: role type.</summary>
    public string? RoleType
    {
        get => (string?)Get(F.RoleType);
        init => _fields = FieldValues.With(_fields, F.RoleType, value);
    }

    /// <summary><c>rig</c>: Agent: rig.</summary>
    public string? Rig
    {
        get => (string?)Get(F.Rig);
        init => _fields = FieldValues.With(_fields, F.Rig, value);
    }

    /// <summary><c>mol_type</c>: Molecule type (swarm, patrol, work).</summary>
    public string? MolType
    {
        get => (string?)Get(F.MolType);
        init => _fields = FieldValues.With(_fields, F.MolType, value);
    }

    /// <summary><c>work_type</c>: The assignment model, <c>mutex</c> (the default when empty) or <c>open_competition</c> (beads f79e63600, 2026-01-10).</summary>
    public string? AssignmentModel
    {
        get => (string?)Get(F.WorkType);
        init => _fields = FieldValues.With(_fields, F.WorkType, value);
    }

    /// <summary><c>event_kind</c>: Event bead: kind.</summary>
    public string? EventKind
    {
        get => (string?)Get(F.EventKind);
        init => _fields = FieldValues.With(_fields, F.EventKind, value);
    }

    /// <summary><c>actor</c>: Event bead: actor.</summary>
    public string? Actor
    {
        get => (string?)Get(F.Actor);
        init => _fields = FieldValues.With(_fields, F.Actor, value);
    }

    /// <summary><c>target</c>: Event bead: target.</summary>
    public string? Target
    {
        get => (string?)Get(F.Target);
        init => _fields = FieldValues.With(_fields, F.Target, value);
    }

    /// <summary><c>payload</c>: Event bead: payload (a string holding JSON).</summary>
    public string? Payload
    {
        get => (string?)Get(F.Payload);
        init => _fields = FieldValues.With(_fields, F.Payload, value);
    }

    /// <summary>
    /// <c>metadata</c>: Arbitrary JSON for extensions (beads 92fd124f5, 2026-01-30), e.g. <c>delegated_from</c>;
    /// null when absent. Written compact with Go's escaping, as <c>json.RawMessage</c> is.
    /// </summary>
    public JsonElement? Metadata
    {
        get
        {
            if (Get(F.Metadata) is not ReadOnlyMemory<byte> raw)
            {
                return null;
            }

            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }

        init => _fields = FieldValues.With(_fields, F.Metadata, value is { } element ? GoJsonCompactor.Compact(element) : null);
    }

    /// <summary>
    /// <c>dependency_count</c> of a <c>bd export</c> line: derived by upstream from its dependency table (blocking edges
    /// of this unit), carried as read and written back only on a record that had it; null when absent.
    /// </summary>
    public int? DependencyCount => Get(F.DependencyCount) is int value ? value : null;

    /// <summary><c>dependent_count</c> of a <c>bd export</c> line (blocking edges onto this unit), carried as read; null when absent.</summary>
    public int? DependentCount => Get(F.DependentCount) is int value ? value : null;

    /// <summary><c>comment_count</c> of a <c>bd export</c> line, carried as read; null when absent.</summary>
    public int? CommentCount => Get(F.CommentCount) is int value ? value : null;

    /// <summary><c>parent</c> of a <c>bd export</c> or <c>bd list --json</c> line (computed upstream from the parent-child edge), carried as read.</summary>
    public string? Parent => (string?)Get(F.Parent);

    /// <summary>
    /// JSON properties this SDK does not model (for example keys from a newer beads version), in file order. They are
    /// written back after the known fields.
    /// </summary>
    public IReadOnlyList<UnknownJsonField> UnknownFields
    {
        get => _unknownFields;
        init => _unknownFields = ReadOnlyLists.Copy(value);
    }

    /// <summary>The values this unit carries, in Go order (for the writer).</summary>
    internal FieldEntry[] Fields => _fields;

    /// <summary>True when the line carried <c>bd export</c>'s envelope (<c>"_type"</c> or the counts).</summary>
    internal bool HasEnvelope => Get(F.RecordType) is not null || Get(F.DependencyCount) is not null;

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

    private object? Get(WorkUnitField field) => FieldValues.Get(_fields, field);
}
