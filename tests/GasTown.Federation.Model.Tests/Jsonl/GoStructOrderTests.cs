using System.Text.Json;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>
/// The field table's order against upstream's: the json tags of beads' <c>type Issue struct</c>, read at each
/// revision named below, must appear in that order when every typed field is set.
/// </summary>
public sealed class GoStructOrderTests
{
    // beads 6893eb6080c8 (design date, 2025-12-31), internal/types/types.go.
    private static readonly string[] DesignDate =
    [
        "id", "title", "description", "design", "acceptance_criteria", "notes", "status", "priority", "issue_type", "assignee",
        "estimated_minutes", "created_at", "created_by", "updated_at", "closed_at", "close_reason", "external_ref", "compaction_level",
        "compacted_at", "compacted_at_commit", "original_size", "labels", "dependencies", "comments", "deleted_at", "deleted_by",
        "delete_reason", "original_type", "sender", "ephemeral", "pinned", "is_template", "bonded_from", "creator", "validations",
        "await_type", "await_id", "timeout", "waiters", "source_formula", "source_location", "hook_bead", "role_bead", "agent_state",
        "last_activity", "role_type", "rig", "mol_type", "event_kind", "actor", "target", "payload",
    ];

    // beads 573bdd1b4c37 (2026-02-27), the last revision with tombstone, agent and HOP fields and all later ones but two.
    private static readonly string[] Mid2026 =
    [
        "id", "title", "description", "design", "acceptance_criteria", "notes", "spec_id", "status", "priority", "issue_type", "assignee",
        "owner", "estimated_minutes", "created_at", "created_by", "updated_at", "closed_at", "close_reason", "closed_by_session", "due_at",
        "defer_until", "external_ref", "source_system", "metadata", "compaction_level", "compacted_at", "compacted_at_commit", "original_size",
        "labels", "dependencies", "comments", "sender", "ephemeral", "wisp_type", "pinned", "is_template", "bonded_from", "creator",
        "validations", "await_type", "await_id", "timeout", "waiters", "source_formula", "source_location", "hook_bead", "role_bead",
        "agent_state", "last_activity", "role_type", "rig", "mol_type", "work_type", "event_kind", "actor", "target", "payload",
    ];

    // beads fbcee6c6246c (HEAD read, 2026-06-01).
    private static readonly string[] Head =
    [
        "id", "title", "description", "design", "acceptance_criteria", "notes", "spec_id", "status", "priority", "issue_type", "assignee",
        "owner", "estimated_minutes", "created_at", "created_by", "updated_at", "started_at", "closed_at", "close_reason",
        "closed_by_session", "due_at", "defer_until", "external_ref", "source_system", "metadata", "compaction_level", "compacted_at",
        "compacted_at_commit", "original_size", "labels", "dependencies", "comments", "sender", "ephemeral", "no_history", "wisp_type",
        "pinned", "is_template", "bonded_from", "await_type", "await_id", "timeout", "waiters", "source_formula", "source_location",
        "mol_type", "work_type", "event_kind", "actor", "target", "payload",
    ];

    [Fact]
    public void Every_typed_field_is_written_in_each_upstream_revisions_order()
    {
        var keys = WrittenKeys(EveryFieldSet());

        keys.Distinct().Count().ShouldBe(keys.Count);
        foreach (var (name, order) in new[] { ("design date", DesignDate), ("2026-02-27", Mid2026), ("HEAD", Head) })
        {
            order.ShouldBeSubsetOf(keys, name);
            keys.Where(order.Contains).ShouldBe(order, $"{name}: the table must keep upstream's relative order");
        }

        keys.Except(DesignDate.Concat(Mid2026).Concat(Head)).ShouldBeEmpty("every written key is one upstream had");
    }

    private static List<string> WrittenKeys(WorkUnit unit)
    {
        using var document = JsonDocument.Parse(WorkUnitJson.ToUtf8Bytes(unit));
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    private static WorkUnit EveryFieldSet()
    {
        var at = BeadsTimestamp.Parse("2026-03-01T10:00:00Z");
        return new WorkUnit
        {
            Id = "bd-1", Title = "t", Description = "d", Design = "g", AcceptanceCriteria = "a", Notes = "n", SpecId = "s",
            Status = WorkStatus.Open, Priority = 1, IssueType = WorkType.Task, Assignee = "x", Owner = "o@x.y", EstimatedMinutes = 5,
            CreatedAt = at, CreatedBy = "c", UpdatedAt = at, StartedAt = at, ClosedAt = at, CloseReason = "r", ClosedBySession = "s1",
            DueAt = at, DeferUntil = at, ExternalRef = "gh-1", SourceSystem = "jira", Metadata = JsonDocument.Parse("{}").RootElement,
            CompactionLevel = 1, CompactedAt = at, CompactedAtCommit = "abc", OriginalSize = 10, Labels = ["l"],
            Dependencies = [new Dependency("bd-1", "bd-2", DependencyType.Blocks, at, "c", null, null)],
            Comments = [new Comment(CommentId.FromNumber(1), "bd-1", "a", "t", at)],
            DeletedAt = at, DeletedBy = "d", DeleteReason = "r", OriginalType = "task", Sender = "s", Ephemeral = true, NoHistory = true,
            WispType = "patrol", Pinned = true, IsTemplate = true, BondedFrom = [new BondReference("bd-3", "sequential")],
            Creator = new EntityRef(Name: "n"), Validations = [new WorkValidation(null, "accepted", at)], AwaitType = "human",
            AwaitId = "1", TimeoutNanoseconds = 1000, Waiters = ["w"], SourceFormula = "f", SourceLocation = "steps[0]", HookBead = "h",
            RoleBead = "r", AgentState = "idle", LastActivity = at, RoleType = "crew", Rig = "gastown", MolType = "work",
            AssignmentModel = "mutex", EventKind = "e", Actor = "a", Target = "t", Payload = "{}",
        };
    }
}
