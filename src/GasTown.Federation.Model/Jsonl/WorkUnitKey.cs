namespace GasTown.Federation.Model;

/// <summary>The top-level keys of beads' <c>types.Issue</c>, in Go struct order.</summary>
internal enum WorkUnitKey : byte
{
    Unknown = 0,
    Id = 1,
    Title = 2,
    Description = 3,
    Design = 4,
    AcceptanceCriteria = 5,
    Notes = 6,
    Status = 7,
    Priority = 8,
    IssueType = 9,
    Assignee = 10,
    EstimatedMinutes = 11,
    CreatedAt = 12,
    CreatedBy = 13,
    UpdatedAt = 14,
    ClosedAt = 15,
    CloseReason = 16,
    ExternalRef = 17,
    CompactionLevel = 18,
    CompactedAt = 19,
    CompactedAtCommit = 20,
    OriginalSize = 21,
    Labels = 22,
    Dependencies = 23,
    Comments = 24,
    DeletedAt = 25,
    DeletedBy = 26,
    DeleteReason = 27,
    OriginalType = 28,
    Sender = 29,
    Ephemeral = 30,
    Pinned = 31,
    IsTemplate = 32,
    BondedFrom = 33,
    Creator = 34,
    Validations = 35,
    AwaitType = 36,
    AwaitId = 37,
    TimeoutNanoseconds = 38,
    Waiters = 39,
    SourceFormula = 40,
    SourceLocation = 41,
    HookBead = 42,
    RoleBead = 43,
    AgentState = 44,
    LastActivity = 45,
    RoleType = 46,
    Rig = 47,
    MolType = 48,
    EventKind = 49,
    Actor = 50,
    Target = 51,
    Payload = 52,
}

/// <summary>Maps a property name's UTF-8 bytes to its <see cref="WorkUnitKey"/> without allocating.</summary>
internal static class WorkUnitKeys
{
    public static WorkUnitKey Lookup(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 2:
                if (name.SequenceEqual("id"u8))
                {
                    return WorkUnitKey.Id;
                }

                break;
            case 3:
                if (name.SequenceEqual("rig"u8))
                {
                    return WorkUnitKey.Rig;
                }

                break;
            case 5:
                if (name.SequenceEqual("title"u8))
                {
                    return WorkUnitKey.Title;
                }

                if (name.SequenceEqual("notes"u8))
                {
                    return WorkUnitKey.Notes;
                }

                if (name.SequenceEqual("actor"u8))
                {
                    return WorkUnitKey.Actor;
                }

                break;
            case 6:
                if (name.SequenceEqual("design"u8))
                {
                    return WorkUnitKey.Design;
                }

                if (name.SequenceEqual("status"u8))
                {
                    return WorkUnitKey.Status;
                }

                if (name.SequenceEqual("labels"u8))
                {
                    return WorkUnitKey.Labels;
                }

                if (name.SequenceEqual("sender"u8))
                {
                    return WorkUnitKey.Sender;
                }

                if (name.SequenceEqual("pinned"u8))
                {
                    return WorkUnitKey.Pinned;
                }

                if (name.SequenceEqual("target"u8))
                {
                    return WorkUnitKey.Target;
                }

                break;
            case 7:
                if (name.SequenceEqual("creator"u8))
                {
                    return WorkUnitKey.Creator;
                }

                if (name.SequenceEqual("timeout"u8))
                {
                    return WorkUnitKey.TimeoutNanoseconds;
                }

                if (name.SequenceEqual("waiters"u8))
                {
                    return WorkUnitKey.Waiters;
                }

                if (name.SequenceEqual("payload"u8))
                {
                    return WorkUnitKey.Payload;
                }

                break;
            case 8:
                if (name.SequenceEqual("priority"u8))
                {
                    return WorkUnitKey.Priority;
                }

                if (name.SequenceEqual("assignee"u8))
                {
                    return WorkUnitKey.Assignee;
                }

                if (name.SequenceEqual("comments"u8))
                {
                    return WorkUnitKey.Comments;
                }

                if (name.SequenceEqual("await_id"u8))
                {
                    return WorkUnitKey.AwaitId;
                }

                if (name.SequenceEqual("mol_type"u8))
                {
                    return WorkUnitKey.MolType;
                }

                break;
            case 9:
                if (name.SequenceEqual("closed_at"u8))
                {
                    return WorkUnitKey.ClosedAt;
                }

                if (name.SequenceEqual("ephemeral"u8))
                {
                    return WorkUnitKey.Ephemeral;
                }

                if (name.SequenceEqual("hook_bead"u8))
                {
                    return WorkUnitKey.HookBead;
                }

                if (name.SequenceEqual("role_bead"u8))
                {
                    return WorkUnitKey.RoleBead;
                }

                if (name.SequenceEqual("role_type"u8))
                {
                    return WorkUnitKey.RoleType;
                }

                break;
            case 10:
                if (name.SequenceEqual("issue_type"u8))
                {
                    return WorkUnitKey.IssueType;
                }

                if (name.SequenceEqual("created_at"u8))
                {
                    return WorkUnitKey.CreatedAt;
                }

                if (name.SequenceEqual("created_by"u8))
                {
                    return WorkUnitKey.CreatedBy;
                }

                if (name.SequenceEqual("updated_at"u8))
                {
                    return WorkUnitKey.UpdatedAt;
                }

                if (name.SequenceEqual("deleted_at"u8))
                {
                    return WorkUnitKey.DeletedAt;
                }

                if (name.SequenceEqual("deleted_by"u8))
                {
                    return WorkUnitKey.DeletedBy;
                }

                if (name.SequenceEqual("await_type"u8))
                {
                    return WorkUnitKey.AwaitType;
                }

                if (name.SequenceEqual("event_kind"u8))
                {
                    return WorkUnitKey.EventKind;
                }

                break;
            case 11:
                if (name.SequenceEqual("description"u8))
                {
                    return WorkUnitKey.Description;
                }

                if (name.SequenceEqual("is_template"u8))
                {
                    return WorkUnitKey.IsTemplate;
                }

                if (name.SequenceEqual("bonded_from"u8))
                {
                    return WorkUnitKey.BondedFrom;
                }

                if (name.SequenceEqual("validations"u8))
                {
                    return WorkUnitKey.Validations;
                }

                if (name.SequenceEqual("agent_state"u8))
                {
                    return WorkUnitKey.AgentState;
                }

                break;
            case 12:
                if (name.SequenceEqual("close_reason"u8))
                {
                    return WorkUnitKey.CloseReason;
                }

                if (name.SequenceEqual("external_ref"u8))
                {
                    return WorkUnitKey.ExternalRef;
                }

                if (name.SequenceEqual("compacted_at"u8))
                {
                    return WorkUnitKey.CompactedAt;
                }

                if (name.SequenceEqual("dependencies"u8))
                {
                    return WorkUnitKey.Dependencies;
                }

                break;
            case 13:
                if (name.SequenceEqual("original_size"u8))
                {
                    return WorkUnitKey.OriginalSize;
                }

                if (name.SequenceEqual("delete_reason"u8))
                {
                    return WorkUnitKey.DeleteReason;
                }

                if (name.SequenceEqual("original_type"u8))
                {
                    return WorkUnitKey.OriginalType;
                }

                if (name.SequenceEqual("last_activity"u8))
                {
                    return WorkUnitKey.LastActivity;
                }

                break;
            case 14:
                if (name.SequenceEqual("source_formula"u8))
                {
                    return WorkUnitKey.SourceFormula;
                }

                break;
            case 15:
                if (name.SequenceEqual("source_location"u8))
                {
                    return WorkUnitKey.SourceLocation;
                }

                break;
            case 16:
                if (name.SequenceEqual("compaction_level"u8))
                {
                    return WorkUnitKey.CompactionLevel;
                }

                break;
            case 17:
                if (name.SequenceEqual("estimated_minutes"u8))
                {
                    return WorkUnitKey.EstimatedMinutes;
                }

                break;
            case 19:
                if (name.SequenceEqual("acceptance_criteria"u8))
                {
                    return WorkUnitKey.AcceptanceCriteria;
                }

                if (name.SequenceEqual("compacted_at_commit"u8))
                {
                    return WorkUnitKey.CompactedAtCommit;
                }

                break;
        }

        return WorkUnitKey.Unknown;
    }
}
