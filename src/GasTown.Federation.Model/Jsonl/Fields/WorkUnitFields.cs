using K = GasTown.Federation.Model.FieldKind;
using O = GasTown.Federation.Model.GoOmit;

namespace GasTown.Federation.Model;

/// <summary>
/// The one table of beads issue fields. Parsing, validation, canonical writing and key lookup all follow from it;
/// <see cref="WorkUnit"/>'s typed properties read and write the values by these descriptors.
/// </summary>
/// <remarks>
/// <para>
/// Order is Go struct order: <c>types.Issue</c>'s marshal order merged across every beads version that wrote
/// JSONL (design date <c>6893eb6080c8</c> through <c>fbcee6c6246c</c>, 2026-06-01). Fields removed upstream
/// (tombstones <c>7eed8b8a1</c>, agent fields <c>0bd598ce5</c>, HOP fields <c>54dc3997b</c>) keep their old place,
/// fields added later sit where upstream put them. docs/formats.md lists each addition with its commit.
/// </para>
/// <para>
/// <c>_type</c> and the counts are <c>bd export</c>'s envelope (<c>exportIssueRecord</c> embedding
/// <c>IssueWithCounts</c>): <c>_type</c> before the issue's fields, the counts and <c>parent</c> after them.
/// </para>
/// <para>To add an upstream field: one line here (in Go order, with its omit rule) and one typed property on <see cref="WorkUnit"/>.</para>
/// </remarks>
internal static class WorkUnitFields
{
    public static readonly WorkUnitField RecordType = new("_type", K.String, O.Carried, pooled: true);
    public static readonly WorkUnitField Id = new("id", K.Id, O.Never);
    public static readonly WorkUnitField Title = new("title", K.Text, O.Never);
    public static readonly WorkUnitField Description = new("description", K.Text, O.Empty);
    public static readonly WorkUnitField Design = new("design", K.Text, O.Empty);
    public static readonly WorkUnitField AcceptanceCriteria = new("acceptance_criteria", K.Text, O.Empty);
    public static readonly WorkUnitField Notes = new("notes", K.Text, O.Empty);
    public static readonly WorkUnitField SpecId = new("spec_id", K.String, O.Empty);
    public static readonly WorkUnitField Status = new("status", K.Status, O.Empty);
    public static readonly WorkUnitField Priority = new("priority", K.Int32, O.Never);
    public static readonly WorkUnitField IssueType = new("issue_type", K.IssueType, O.Empty);
    public static readonly WorkUnitField Assignee = new("assignee", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField Owner = new("owner", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField EstimatedMinutes = new("estimated_minutes", K.Int32, O.Nil);
    public static readonly WorkUnitField CreatedAt = new("created_at", K.Timestamp, O.Never);
    public static readonly WorkUnitField CreatedBy = new("created_by", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField UpdatedAt = new("updated_at", K.Timestamp, O.Never);
    public static readonly WorkUnitField StartedAt = new("started_at", K.Timestamp, O.Nil);
    public static readonly WorkUnitField ClosedAt = new("closed_at", K.Timestamp, O.Nil);
    public static readonly WorkUnitField CloseReason = new("close_reason", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField ClosedBySession = new("closed_by_session", K.String, O.Empty);
    public static readonly WorkUnitField DueAt = new("due_at", K.Timestamp, O.Nil);
    public static readonly WorkUnitField DeferUntil = new("defer_until", K.Timestamp, O.Nil);
    public static readonly WorkUnitField ExternalRef = new("external_ref", K.String, O.Nil);
    public static readonly WorkUnitField SourceSystem = new("source_system", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField Metadata = new("metadata", K.RawJson, O.Empty);
    public static readonly WorkUnitField CompactionLevel = new("compaction_level", K.Int32, O.Empty);
    public static readonly WorkUnitField CompactedAt = new("compacted_at", K.Timestamp, O.Nil);
    public static readonly WorkUnitField CompactedAtCommit = new("compacted_at_commit", K.String, O.Nil);
    public static readonly WorkUnitField OriginalSize = new("original_size", K.Int32, O.Empty);
    public static readonly WorkUnitField Labels = new("labels", K.StringList, O.Empty);
    public static readonly WorkUnitField Dependencies = new("dependencies", K.Dependencies, O.Empty);
    public static readonly WorkUnitField Comments = new("comments", K.Comments, O.Empty);
    public static readonly WorkUnitField DeletedAt = new("deleted_at", K.Timestamp, O.Nil);
    public static readonly WorkUnitField DeletedBy = new("deleted_by", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField DeleteReason = new("delete_reason", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField OriginalType = new("original_type", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField Sender = new("sender", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField Ephemeral = new("ephemeral", K.Bool, O.Empty);
    public static readonly WorkUnitField NoHistory = new("no_history", K.Bool, O.Empty);
    public static readonly WorkUnitField WispType = new("wisp_type", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField Pinned = new("pinned", K.Bool, O.Empty);
    public static readonly WorkUnitField IsTemplate = new("is_template", K.Bool, O.Empty);
    public static readonly WorkUnitField BondedFrom = new("bonded_from", K.Bonds, O.Empty);
    public static readonly WorkUnitField Creator = new("creator", K.Entity, O.Nil);
    public static readonly WorkUnitField Validations = new("validations", K.Validations, O.Empty);
    public static readonly WorkUnitField AwaitType = new("await_type", K.String, O.Empty);
    public static readonly WorkUnitField AwaitId = new("await_id", K.String, O.Empty);
    public static readonly WorkUnitField Timeout = new("timeout", K.Int64, O.Empty);
    public static readonly WorkUnitField Waiters = new("waiters", K.StringList, O.Empty);
    public static readonly WorkUnitField SourceFormula = new("source_formula", K.String, O.Empty);
    public static readonly WorkUnitField SourceLocation = new("source_location", K.String, O.Empty);
    public static readonly WorkUnitField HookBead = new("hook_bead", K.String, O.Empty);
    public static readonly WorkUnitField RoleBead = new("role_bead", K.String, O.Empty);
    public static readonly WorkUnitField AgentState = new("agent_state", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField LastActivity = new("last_activity", K.Timestamp, O.Nil);
    public static readonly WorkUnitField RoleType = new("role_type", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField Rig = new("rig", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField MolType = new("mol_type", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField WorkType = new("work_type", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField EventKind = new("event_kind", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField Actor = new("actor", K.String, O.Empty, pooled: true);
    public static readonly WorkUnitField Target = new("target", K.String, O.Empty);
    public static readonly WorkUnitField Payload = new("payload", K.String, O.Empty);
    public static readonly WorkUnitField DependencyCount = new("dependency_count", K.Int32, O.Carried);
    public static readonly WorkUnitField DependentCount = new("dependent_count", K.Int32, O.Carried);
    public static readonly WorkUnitField CommentCount = new("comment_count", K.Int32, O.Carried);
    public static readonly WorkUnitField Parent = new("parent", K.String, O.Carried);

    /// <summary>Every field, in the order they are written.</summary>
    public static readonly WorkUnitField[] All =
    [
        RecordType, Id, Title, Description, Design, AcceptanceCriteria, Notes, SpecId, Status, Priority, IssueType,
        Assignee, Owner, EstimatedMinutes, CreatedAt, CreatedBy, UpdatedAt, StartedAt, ClosedAt, CloseReason,
        ClosedBySession, DueAt, DeferUntil, ExternalRef, SourceSystem, Metadata, CompactionLevel, CompactedAt,
        CompactedAtCommit, OriginalSize, Labels, Dependencies, Comments, DeletedAt, DeletedBy, DeleteReason,
        OriginalType, Sender, Ephemeral, NoHistory, WispType, Pinned, IsTemplate, BondedFrom, Creator, Validations,
        AwaitType, AwaitId, Timeout, Waiters, SourceFormula, SourceLocation, HookBead, RoleBead, AgentState,
        LastActivity, RoleType, Rig, MolType, WorkType, EventKind, Actor, Target, Payload,
        DependencyCount, DependentCount, CommentCount, Parent,
    ];

    // Open addressing over a hash of (length, first byte, last byte): one or two probes per key, no allocation.
    private const int TableSize = 256;
    private static readonly WorkUnitField?[] Table = BuildTable();

    /// <summary>The field with this JSON key (exact, case-sensitive), or null for a key beads' struct does not have.</summary>
    public static WorkUnitField? Lookup(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return null;
        }

        var slot = Hash(name);
        while (Table[slot] is { } field)
        {
            if (name.SequenceEqual(field.Utf8Name))
            {
                return field;
            }

            slot = (slot + 1) & (TableSize - 1);
        }

        return null;
    }

    private static int Hash(ReadOnlySpan<byte> name) => ((name.Length * 31) + (name[0] * 7) + (name[^1] * 3) + name[name.Length / 2]) & (TableSize - 1);

    private static WorkUnitField?[] BuildTable()
    {
        var table = new WorkUnitField?[TableSize];
        for (var i = 0; i < All.Length; i++)
        {
            var field = All[i];
            field.Ordinal = (byte)i;
            var slot = Hash(field.Utf8Name);
            while (table[slot] is not null)
            {
                slot = (slot + 1) & (TableSize - 1);
            }

            table[slot] = field;
        }

        return table;
    }
}
