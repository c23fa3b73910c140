namespace GasTown.Federation.Model;

/// <summary>
/// Writes a work unit exactly as beads' exporter does (<c>json.NewEncoder(f).Encode(issue)</c>): Go struct key order,
/// compact, Go's escaping, <c>omitempty</c> fields left out when empty, <c>priority</c> always written, then any
/// unknown fields in their original order. No line ending.
/// </summary>
internal static class WorkUnitCanonicalWriter
{
    public static void Write(WorkUnit u, GoJsonBuffer w)
    {
        w.WriteRaw("{\"id\":"u8);
        w.WriteString(u.Id);
        w.WriteRaw(",\"title\":"u8);
        w.WriteString(u.Title);
        if (!string.IsNullOrEmpty(u.Description))
        {
            w.WriteRaw(",\"description\":"u8);
            w.WriteString(u.Description);
        }

        if (!string.IsNullOrEmpty(u.Design))
        {
            w.WriteRaw(",\"design\":"u8);
            w.WriteString(u.Design);
        }

        if (!string.IsNullOrEmpty(u.AcceptanceCriteria))
        {
            w.WriteRaw(",\"acceptance_criteria\":"u8);
            w.WriteString(u.AcceptanceCriteria);
        }

        if (!string.IsNullOrEmpty(u.Notes))
        {
            w.WriteRaw(",\"notes\":"u8);
            w.WriteString(u.Notes);
        }

        if (!u.Status.IsEmpty)
        {
            w.WriteRaw(",\"status\":"u8);
            w.WriteString(u.Status.Value);
        }

        w.WriteRaw(",\"priority\":"u8);
        w.WriteInt64(u.Priority);
        if (!u.IssueType.IsEmpty)
        {
            w.WriteRaw(",\"issue_type\":"u8);
            w.WriteString(u.IssueType.Value);
        }

        if (!string.IsNullOrEmpty(u.Assignee))
        {
            w.WriteRaw(",\"assignee\":"u8);
            w.WriteString(u.Assignee);
        }

        if (u.EstimatedMinutes is { } estimatedMinutes)
        {
            w.WriteRaw(",\"estimated_minutes\":"u8);
            w.WriteInt64(estimatedMinutes);
        }

        w.WriteRaw(",\"created_at\":"u8);
        w.WriteTimestamp(u.CreatedAt);
        if (!string.IsNullOrEmpty(u.CreatedBy))
        {
            w.WriteRaw(",\"created_by\":"u8);
            w.WriteString(u.CreatedBy);
        }

        w.WriteRaw(",\"updated_at\":"u8);
        w.WriteTimestamp(u.UpdatedAt);
        if (u.ClosedAt is { } closedAt)
        {
            w.WriteRaw(",\"closed_at\":"u8);
            w.WriteTimestamp(closedAt);
        }

        if (!string.IsNullOrEmpty(u.CloseReason))
        {
            w.WriteRaw(",\"close_reason\":"u8);
            w.WriteString(u.CloseReason);
        }

        if (u.ExternalRef is { } externalRef)
        {
            w.WriteRaw(",\"external_ref\":"u8);
            w.WriteString(externalRef);
        }

        if (u.CompactionLevel != 0)
        {
            w.WriteRaw(",\"compaction_level\":"u8);
            w.WriteInt64(u.CompactionLevel);
        }

        if (u.CompactedAt is { } compactedAt)
        {
            w.WriteRaw(",\"compacted_at\":"u8);
            w.WriteTimestamp(compactedAt);
        }

        if (u.CompactedAtCommit is { } compactedAtCommit)
        {
            w.WriteRaw(",\"compacted_at_commit\":"u8);
            w.WriteString(compactedAtCommit);
        }

        if (u.OriginalSize != 0)
        {
            w.WriteRaw(",\"original_size\":"u8);
            w.WriteInt64(u.OriginalSize);
        }

        if (u.Labels.Count > 0)
        {
            w.WriteRaw(",\"labels\":"u8);
            WriteStrings(u.Labels, w);
        }

        if (u.Dependencies.Count > 0)
        {
            w.WriteRaw(",\"dependencies\":"u8);
            WriteDependencies(u.Dependencies, w);
        }

        if (u.Comments.Count > 0)
        {
            w.WriteRaw(",\"comments\":"u8);
            WriteComments(u.Comments, w);
        }

        if (u.DeletedAt is { } deletedAt)
        {
            w.WriteRaw(",\"deleted_at\":"u8);
            w.WriteTimestamp(deletedAt);
        }

        if (!string.IsNullOrEmpty(u.DeletedBy))
        {
            w.WriteRaw(",\"deleted_by\":"u8);
            w.WriteString(u.DeletedBy);
        }

        if (!string.IsNullOrEmpty(u.DeleteReason))
        {
            w.WriteRaw(",\"delete_reason\":"u8);
            w.WriteString(u.DeleteReason);
        }

        if (!string.IsNullOrEmpty(u.OriginalType))
        {
            w.WriteRaw(",\"original_type\":"u8);
            w.WriteString(u.OriginalType);
        }

        if (!string.IsNullOrEmpty(u.Sender))
        {
            w.WriteRaw(",\"sender\":"u8);
            w.WriteString(u.Sender);
        }

        if (u.Ephemeral)
        {
            w.WriteRaw(",\"ephemeral\":"u8);
            w.WriteRaw("true"u8);
        }

        if (u.Pinned)
        {
            w.WriteRaw(",\"pinned\":"u8);
            w.WriteRaw("true"u8);
        }

        if (u.IsTemplate)
        {
            w.WriteRaw(",\"is_template\":"u8);
            w.WriteRaw("true"u8);
        }

        if (u.BondedFrom.Count > 0)
        {
            w.WriteRaw(",\"bonded_from\":"u8);
            WriteBonds(u.BondedFrom, w);
        }

        if (u.Creator is { } creator)
        {
            w.WriteRaw(",\"creator\":"u8);
            WriteEntity(creator, w);
        }

        if (u.Validations.Count > 0)
        {
            w.WriteRaw(",\"validations\":"u8);
            WriteValidations(u.Validations, w);
        }

        if (!string.IsNullOrEmpty(u.AwaitType))
        {
            w.WriteRaw(",\"await_type\":"u8);
            w.WriteString(u.AwaitType);
        }

        if (!string.IsNullOrEmpty(u.AwaitId))
        {
            w.WriteRaw(",\"await_id\":"u8);
            w.WriteString(u.AwaitId);
        }

        if (u.TimeoutNanoseconds is { } timeoutNanoseconds && timeoutNanoseconds != 0)
        {
            w.WriteRaw(",\"timeout\":"u8);
            w.WriteInt64(timeoutNanoseconds);
        }

        if (u.Waiters.Count > 0)
        {
            w.WriteRaw(",\"waiters\":"u8);
            WriteStrings(u.Waiters, w);
        }

        if (!string.IsNullOrEmpty(u.SourceFormula))
        {
            w.WriteRaw(",\"source_formula\":"u8);
            w.WriteString(u.SourceFormula);
        }

        if (!string.IsNullOrEmpty(u.SourceLocation))
        {
            w.WriteRaw(",\"source_location\":"u8);
            w.WriteString(u.SourceLocation);
        }

        if (!string.IsNullOrEmpty(u.HookBead))
        {
            w.WriteRaw(",\"hook_bead\":"u8);
            w.WriteString(u.HookBead);
        }

        if (!string.IsNullOrEmpty(u.RoleBead))
        {
            w.WriteRaw(",\"role_bead\":"u8);
            w.WriteString(u.RoleBead);
        }

        if (!string.IsNullOrEmpty(u.AgentState))
        {
            w.WriteRaw(",\"agent_state\":"u8);
            w.WriteString(u.AgentState);
        }

        if (u.LastActivity is { } lastActivity)
        {
            w.WriteRaw(",\"last_activity\":"u8);
            w.WriteTimestamp(lastActivity);
        }

        if (!string.IsNullOrEmpty(u.RoleType))
        {
            w.WriteRaw(",\"role_type\":"u8);
            w.WriteString(u.RoleType);
        }

        if (!string.IsNullOrEmpty(u.Rig))
        {
            w.WriteRaw(",\"rig\":"u8);
            w.WriteString(u.Rig);
        }

        if (!string.IsNullOrEmpty(u.MolType))
        {
            w.WriteRaw(",\"mol_type\":"u8);
            w.WriteString(u.MolType);
        }

        if (!string.IsNullOrEmpty(u.EventKind))
        {
            w.WriteRaw(",\"event_kind\":"u8);
            w.WriteString(u.EventKind);
        }

        if (!string.IsNullOrEmpty(u.Actor))
        {
            w.WriteRaw(",\"actor\":"u8);
            w.WriteString(u.Actor);
        }

        if (!string.IsNullOrEmpty(u.Target))
        {
            w.WriteRaw(",\"target\":"u8);
            w.WriteString(u.Target);
        }

        if (!string.IsNullOrEmpty(u.Payload))
        {
            w.WriteRaw(",\"payload\":"u8);
            w.WriteString(u.Payload);
        }

        WriteUnknown(u.UnknownFields, w);
        w.WriteByte((byte)'}');
    }

    private static void WriteStrings(IReadOnlyList<string> values, GoJsonBuffer w)
    {
        w.WriteByte((byte)'[');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                w.WriteByte((byte)',');
            }

            w.WriteString(values[i]);
        }

        w.WriteByte((byte)']');
    }

    private static void WriteDependencies(IReadOnlyList<Dependency> values, GoJsonBuffer w)
    {
        w.WriteByte((byte)'[');
        for (var i = 0; i < values.Count; i++)
        {
            var d = values[i];
            w.WriteRaw(i > 0 ? ",{\"issue_id\":"u8 : "{\"issue_id\":"u8);
            w.WriteString(d.IssueId);
            w.WriteRaw(",\"depends_on_id\":"u8);
            w.WriteString(d.DependsOnId);
            w.WriteRaw(",\"type\":"u8);
            w.WriteString(d.Type.Value);
            w.WriteRaw(",\"created_at\":"u8);
            w.WriteTimestamp(d.CreatedAt);
            if (!string.IsNullOrEmpty(d.CreatedBy))
            {
                w.WriteRaw(",\"created_by\":"u8);
                w.WriteString(d.CreatedBy);
            }

            if (!string.IsNullOrEmpty(d.Metadata))
            {
                w.WriteRaw(",\"metadata\":"u8);
                w.WriteString(d.Metadata);
            }

            if (!string.IsNullOrEmpty(d.ThreadId))
            {
                w.WriteRaw(",\"thread_id\":"u8);
                w.WriteString(d.ThreadId);
            }

            WriteUnknown(d.UnknownFields, w);
            w.WriteByte((byte)'}');
        }

        w.WriteByte((byte)']');
    }

    private static void WriteComments(IReadOnlyList<Comment> values, GoJsonBuffer w)
    {
        w.WriteByte((byte)'[');
        for (var i = 0; i < values.Count; i++)
        {
            var c = values[i];
            w.WriteRaw(i > 0 ? ",{\"id\":"u8 : "{\"id\":"u8);
            if (c.Id.IsNumber)
            {
                w.WriteRaw(System.Text.Encoding.ASCII.GetBytes(c.Id.Value));
            }
            else
            {
                w.WriteString(c.Id.Value);
            }

            w.WriteRaw(",\"issue_id\":"u8);
            w.WriteString(c.IssueId);
            w.WriteRaw(",\"author\":"u8);
            w.WriteString(c.Author);
            w.WriteRaw(",\"text\":"u8);
            w.WriteString(c.Text);
            w.WriteRaw(",\"created_at\":"u8);
            w.WriteTimestamp(c.CreatedAt);
            WriteUnknown(c.UnknownFields, w);
            w.WriteByte((byte)'}');
        }

        w.WriteByte((byte)']');
    }

    private static void WriteBonds(IReadOnlyList<BondReference> values, GoJsonBuffer w)
    {
        w.WriteByte((byte)'[');
        for (var i = 0; i < values.Count; i++)
        {
            var b = values[i];
            w.WriteRaw(i > 0 ? ",{\"source_id\":"u8 : "{\"source_id\":"u8);
            w.WriteString(b.SourceId);
            w.WriteRaw(",\"bond_type\":"u8);
            w.WriteString(b.BondType);
            if (!string.IsNullOrEmpty(b.BondPoint))
            {
                w.WriteRaw(",\"bond_point\":"u8);
                w.WriteString(b.BondPoint);
            }

            w.WriteByte((byte)'}');
        }

        w.WriteByte((byte)']');
    }

    private static void WriteValidations(IReadOnlyList<WorkValidation> values, GoJsonBuffer w)
    {
        w.WriteByte((byte)'[');
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            w.WriteRaw(i > 0 ? ",{\"validator\":"u8 : "{\"validator\":"u8);
            if (v.Validator is null)
            {
                w.WriteRaw("null"u8);
            }
            else
            {
                WriteEntity(v.Validator, w);
            }

            w.WriteRaw(",\"outcome\":"u8);
            w.WriteString(v.Outcome);
            w.WriteRaw(",\"timestamp\":"u8);
            w.WriteTimestamp(v.Timestamp);
            if (v.Score is { } score)
            {
                w.WriteRaw(",\"score\":"u8);
                w.WriteSingle(score);
            }

            w.WriteByte((byte)'}');
        }

        w.WriteByte((byte)']');
    }

    private static void WriteEntity(EntityRef e, GoJsonBuffer w)
    {
        // Every EntityRef field is omitempty, so the first written one opens without a comma.
        var first = true;
        w.WriteByte((byte)'{');
        WriteOptional("name"u8, e.Name, w, ref first);
        WriteOptional("platform"u8, e.Platform, w, ref first);
        WriteOptional("org"u8, e.Org, w, ref first);
        WriteOptional("id"u8, e.Id, w, ref first);
        w.WriteByte((byte)'}');
    }

    private static void WriteOptional(ReadOnlySpan<byte> key, string? value, GoJsonBuffer w, ref bool first)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!first)
        {
            w.WriteByte((byte)',');
        }

        first = false;
        w.WriteByte((byte)'"');
        w.WriteRaw(key);
        w.WriteRaw("\":"u8);
        w.WriteString(value);
    }

    private static void WriteUnknown(IReadOnlyList<UnknownJsonField> fields, GoJsonBuffer w)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            w.WriteByte((byte)',');
            w.WriteString(fields[i].Name);
            w.WriteByte((byte)':');
            w.WriteRaw(fields[i].RawValue.Span);
        }
    }
}
