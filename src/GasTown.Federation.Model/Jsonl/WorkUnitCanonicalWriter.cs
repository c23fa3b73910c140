namespace GasTown.Federation.Model;

/// <summary>
/// Writes a work unit exactly as beads' exporter does (<c>json.NewEncoder(f).Encode(issue)</c>): Go struct key order,
/// compact, Go's escaping, <c>omitempty</c> fields left out when empty, <c>priority</c> always written, then any
/// unknown fields in their original order. No line ending.
/// </summary>
internal static class WorkUnitCanonicalWriter
{
    /// <summary>Writes <paramref name="u"/> in Go order from the field table.</summary>
    /// <param name="u">The work unit.</param>
    /// <param name="w">Where the bytes go.</param>
    /// <param name="envelope">
    /// The envelope of the file the line goes into: a unit that carries none gets the file's (counts last, and
    /// <c>"_type":"issue"</c> first for <see cref="LineEnvelope.TypedCounts"/>), so a new record looks like its neighbours.
    /// </param>
    public static void Write(WorkUnit u, GoJsonBuffer w, LineEnvelope envelope = LineEnvelope.None)
    {
        var entries = u.Fields;
        var addEnvelope = envelope != LineEnvelope.None && !u.HasEnvelope;
        var cursor = 0;
        var first = true;
        w.WriteByte((byte)'{');
        foreach (var field in WorkUnitFields.All)
        {
            object? value = null;
            if (cursor < entries.Length && ReferenceEquals(entries[cursor].Field, field))
            {
                value = entries[cursor++].Value;
            }

            if (field.Kind == FieldKind.Id)
            {
                value = u.Id;
            }
            else if (addEnvelope && field.Omit == GoOmit.Carried && (envelope == LineEnvelope.TypedCounts || !ReferenceEquals(field, WorkUnitFields.RecordType)))
            {
                value = EnvelopeValue(u, field);
            }

            if (!IsWritten(field, value))
            {
                continue;
            }

            if (!first)
            {
                w.WriteByte((byte)',');
            }

            first = false;
            w.WriteByte((byte)'"');
            w.WriteRaw(field.Utf8Name);
            w.WriteRaw("\":"u8);
            WriteValue(field, value, w);
        }

        WriteUnknown(u.UnknownFields, w);
        w.WriteByte((byte)'}');
    }

    // What bd export would write for a record it had just created: the counts from the unit's own lists
    // (upstream counts blocking edges for dependency_count, and nothing can depend on a new record yet).
    private static object? EnvelopeValue(WorkUnit u, WorkUnitField field)
    {
        if (ReferenceEquals(field, WorkUnitFields.RecordType))
        {
            return "issue";
        }

        if (ReferenceEquals(field, WorkUnitFields.DependencyCount))
        {
            return FieldValues.Box(u.Dependencies.Count(d => d.Type == DependencyType.Blocks));
        }

        if (ReferenceEquals(field, WorkUnitFields.DependentCount))
        {
            return FieldValues.Box(0);
        }

        return ReferenceEquals(field, WorkUnitFields.CommentCount) ? FieldValues.Box(u.Comments.Count) : null;
    }

    // Go's omitempty, per the table's rule for the field.
    private static bool IsWritten(WorkUnitField field, object? value) => field.Omit switch
    {
        GoOmit.Never => true,
        GoOmit.Nil or GoOmit.Carried => value is not null,
        _ => value switch
        {
            null => false,
            string text => text.Length > 0,
            int number => number != 0,
            long number => number != 0,
            bool flag => flag,
            IReadOnlyCollection<object> list => list.Count > 0,
            ReadOnlyMemory<byte> raw => raw.Length > 0,
            _ => true,
        },
    };

    private static void WriteValue(WorkUnitField field, object? value, GoJsonBuffer w)
    {
        switch (field.Kind)
        {
            case FieldKind.Id or FieldKind.String or FieldKind.Status or FieldKind.IssueType:
                w.WriteString((string?)value ?? string.Empty);
                break;
            case FieldKind.Text:
                w.WriteString(LazyJsonText.Resolve(value) ?? string.Empty);
                break;
            case FieldKind.Int32:
                w.WriteInt64(value is int number ? number : 0);
                break;
            case FieldKind.Int64:
                w.WriteInt64(value is long big ? big : 0);
                break;
            case FieldKind.Bool:
                w.WriteRaw(value is true ? "true"u8 : "false"u8);
                break;
            case FieldKind.Timestamp:
                w.WriteTimestamp(value is BeadsTimestamp timestamp ? timestamp : default);
                break;
            case FieldKind.StringList:
                WriteStrings((IReadOnlyList<string>?)value ?? [], w);
                break;
            case FieldKind.Dependencies:
                WriteDependencies((IReadOnlyList<Dependency>?)value ?? [], w);
                break;
            case FieldKind.Comments:
                WriteComments((IReadOnlyList<Comment>?)value ?? [], w);
                break;
            case FieldKind.Bonds:
                WriteBonds((IReadOnlyList<BondReference>?)value ?? [], w);
                break;
            case FieldKind.Entity:
                WriteEntity((EntityRef)value!, w);
                break;
            case FieldKind.Validations:
                WriteValidations((IReadOnlyList<WorkValidation>?)value ?? [], w);
                break;
            case FieldKind.RawJson:
                w.WriteRaw(value is ReadOnlyMemory<byte> raw ? raw.Span : "null"u8);
                break;
            default:
                throw new InvalidOperationException($"The field table gives \"{field.Name}\" the kind {field.Kind}, which the writer does not handle.");
        }
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
