using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace GasTown.Federation.Model;

/// <summary>
/// Reads one line of beads JSONL into a <see cref="WorkUnit"/> with <see cref="Utf8JsonReader"/> directly (no
/// reflection, AOT-safe). One instance per document or stream: it pools repeated strings and reuses scratch space.
/// Not thread-safe.
/// </summary>
internal sealed class WorkUnitLineParser
{
    // Below this many bytes a string costs about what the lazy holder does, so it is decoded at once.
    private const int LazyTextThreshold = 32;

    private readonly WorkUnitBuilder _builder = new();
    private readonly Utf8StringPool _pool = new();
    private readonly List<UnknownJsonField> _unknown = [];
    private readonly List<UnknownJsonField> _nestedUnknown = [];
    private readonly List<string> _strings = [];
    private readonly List<Dependency> _dependencies = [];
    private readonly List<Comment> _comments = [];
    private byte[] _scratch = new byte[256];
    private ReadOnlyMemory<byte> _line;
    private bool _copyRawValues;

    /// <summary>
    /// Parses a line (without its line ending).
    /// </summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="copyRawValues">True when <paramref name="line"/>'s memory will be reused, so unknown fields must copy their bytes.</param>
    /// <param name="unit">The work unit, or null.</param>
    /// <param name="error">Why the line could not be read, or null.</param>
    public bool TryParse(ReadOnlyMemory<byte> line, bool copyRawValues, out WorkUnit? unit, out LineError? error)
    {
        unit = null;
        error = null;
        var span = line.Span;
        var status = Utf8.IsValid(span);
        if (!status)
        {
            var position = FindInvalidUtf8(span);
            error = new LineError(JsonlDiagnosticKind.InvalidUtf8, position,
                $"byte {position} of the line is not valid UTF-8 (0x{span[position]:x2}); the file must be UTF-8. Re-save it as UTF-8 or remove the bytes.");
            return false;
        }

        _line = line;
        _copyRawValues = copyRawValues;
        try
        {
            unit = Parse(span);
            return true;
        }
        catch (JsonException ex)
        {
            var position = ex.BytePositionInLine ?? -1;
            error = new LineError(JsonlDiagnosticKind.InvalidJson, position,
                $"the line is not valid JSON at byte {position}: {TrimReaderMessage(ex.Message)} Fix or remove the line.");
            return false;
        }
        catch (RecordException ex)
        {
            error = new LineError(ex.Kind, ex.Position, ex.Message);
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader reports a few conversion failures (for example a lone surrogate escape) this way.
            error = new LineError(JsonlDiagnosticKind.InvalidRecord, -1, $"the line could not be read: {ex.Message} Fix or remove the line.");
            return false;
        }
        finally
        {
            _line = default;
        }
    }

    private WorkUnit Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        var b = _builder;
        b.Reset();
        _unknown.Clear();
        WorkUnitExtras? x = null;
        var sawId = false;

        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RecordException(JsonlDiagnosticKind.InvalidRecord, reader.TokenStartIndex,
                $"the line is a JSON {Describe(reader.TokenType)}, not an object; each line of issues.jsonl must be one issue object. Fix or remove the line.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueIsEscaped ? WorkUnitKeys.Lookup(Unescape(ref reader)) : WorkUnitKeys.Lookup(reader.ValueSpan);
            if (key == WorkUnitKey.Unknown)
            {
                _unknown.Add(ReadUnknown(ref reader));
                continue;
            }

            reader.Read();
            switch (key)
            {
                case WorkUnitKey.Id:
                    b.Id = ReadId(ref reader);
                    break;
                case WorkUnitKey.Title:
                    b.Title = ReadText(ref reader, "title");
                    break;
                case WorkUnitKey.Description:
                    b.Description = ReadText(ref reader, "description");
                    break;
                case WorkUnitKey.Design:
                    b.Design = ReadText(ref reader, "design");
                    break;
                case WorkUnitKey.AcceptanceCriteria:
                    b.AcceptanceCriteria = ReadText(ref reader, "acceptance_criteria");
                    break;
                case WorkUnitKey.Notes:
                    b.Notes = ReadText(ref reader, "notes");
                    break;
                case WorkUnitKey.Status:
                    b.Status = reader.TokenType == JsonTokenType.Null ? default : WorkStatus.FromUtf8(ReadPlainUtf8(ref reader, "status"));
                    break;
                case WorkUnitKey.Priority:
                    b.Priority = ReadInt32(ref reader, "priority");
                    break;
                case WorkUnitKey.IssueType:
                    b.IssueType = reader.TokenType == JsonTokenType.Null ? default : WorkType.FromUtf8(ReadPlainUtf8(ref reader, "issue_type"));
                    break;
                case WorkUnitKey.Assignee:
                    b.Assignee = ReadOptionalString(ref reader, "assignee", pooled: true);
                    break;
                case WorkUnitKey.EstimatedMinutes:
                    x = (x ?? WorkUnitExtras.Empty) with { EstimatedMinutes = reader.TokenType == JsonTokenType.Null ? null : ReadInt32(ref reader, "estimated_minutes") };
                    break;
                case WorkUnitKey.CreatedAt:
                    b.CreatedAt = reader.TokenType == JsonTokenType.Null ? default : ReadTimestamp(ref reader, "created_at");
                    break;
                case WorkUnitKey.CreatedBy:
                    b.CreatedBy = ReadOptionalString(ref reader, "created_by", pooled: true);
                    break;
                case WorkUnitKey.UpdatedAt:
                    b.UpdatedAt = reader.TokenType == JsonTokenType.Null ? default : ReadTimestamp(ref reader, "updated_at");
                    break;
                case WorkUnitKey.ClosedAt:
                    b.ClosedAt = reader.TokenType == JsonTokenType.Null ? null : ReadTimestamp(ref reader, "closed_at");
                    break;
                case WorkUnitKey.CloseReason:
                    b.CloseReason = ReadOptionalString(ref reader, "close_reason", pooled: true);
                    break;
                case WorkUnitKey.ExternalRef:
                    x = (x ?? WorkUnitExtras.Empty) with { ExternalRef = ReadOptionalString(ref reader, "external_ref", pooled: false) };
                    break;
                case WorkUnitKey.CompactionLevel:
                    x = (x ?? WorkUnitExtras.Empty) with { CompactionLevel = reader.TokenType == JsonTokenType.Null ? 0 : ReadInt32(ref reader, "compaction_level") };
                    break;
                case WorkUnitKey.CompactedAt:
                    x = (x ?? WorkUnitExtras.Empty) with { CompactedAt = reader.TokenType == JsonTokenType.Null ? null : ReadTimestamp(ref reader, "compacted_at") };
                    break;
                case WorkUnitKey.CompactedAtCommit:
                    x = (x ?? WorkUnitExtras.Empty) with { CompactedAtCommit = ReadOptionalString(ref reader, "compacted_at_commit", pooled: false) };
                    break;
                case WorkUnitKey.OriginalSize:
                    x = (x ?? WorkUnitExtras.Empty) with { OriginalSize = reader.TokenType == JsonTokenType.Null ? 0 : ReadInt32(ref reader, "original_size") };
                    break;
                case WorkUnitKey.Labels:
                    b.Labels = ReadStringArray(ref reader, "labels");
                    break;
                case WorkUnitKey.Dependencies:
                    b.Dependencies = ReadDependencies(ref reader, line);
                    break;
                case WorkUnitKey.Comments:
                    b.Comments = ReadComments(ref reader, line);
                    break;
                case WorkUnitKey.DeletedAt:
                    b.DeletedAt = reader.TokenType == JsonTokenType.Null ? null : ReadTimestamp(ref reader, "deleted_at");
                    break;
                case WorkUnitKey.DeletedBy:
                    b.DeletedBy = ReadOptionalString(ref reader, "deleted_by", pooled: true);
                    break;
                case WorkUnitKey.DeleteReason:
                    b.DeleteReason = ReadOptionalString(ref reader, "delete_reason", pooled: true);
                    break;
                case WorkUnitKey.OriginalType:
                    b.OriginalType = ReadOptionalString(ref reader, "original_type", pooled: true);
                    break;
                case WorkUnitKey.Sender:
                    x = (x ?? WorkUnitExtras.Empty) with { Sender = ReadOptionalString(ref reader, "sender", pooled: true) };
                    break;
                case WorkUnitKey.Ephemeral:
                    x = (x ?? WorkUnitExtras.Empty) with { Ephemeral = ReadBool(ref reader, "ephemeral") };
                    break;
                case WorkUnitKey.Pinned:
                    x = (x ?? WorkUnitExtras.Empty) with { Pinned = ReadBool(ref reader, "pinned") };
                    break;
                case WorkUnitKey.IsTemplate:
                    x = (x ?? WorkUnitExtras.Empty) with { IsTemplate = ReadBool(ref reader, "is_template") };
                    break;
                case WorkUnitKey.BondedFrom:
                    x = (x ?? WorkUnitExtras.Empty) with { BondedFrom = ReadBonds(ref reader) };
                    break;
                case WorkUnitKey.Creator:
                    x = (x ?? WorkUnitExtras.Empty) with { Creator = reader.TokenType == JsonTokenType.Null ? null : ReadEntity(ref reader, "creator") };
                    break;
                case WorkUnitKey.Validations:
                    x = (x ?? WorkUnitExtras.Empty) with { Validations = ReadValidations(ref reader) };
                    break;
                case WorkUnitKey.AwaitType:
                    x = (x ?? WorkUnitExtras.Empty) with { AwaitType = ReadOptionalString(ref reader, "await_type", pooled: false) };
                    break;
                case WorkUnitKey.AwaitId:
                    x = (x ?? WorkUnitExtras.Empty) with { AwaitId = ReadOptionalString(ref reader, "await_id", pooled: false) };
                    break;
                case WorkUnitKey.TimeoutNanoseconds:
                    x = (x ?? WorkUnitExtras.Empty) with { TimeoutNanoseconds = reader.TokenType == JsonTokenType.Null ? null : ReadInt64(ref reader, "timeout") };
                    break;
                case WorkUnitKey.Waiters:
                    x = (x ?? WorkUnitExtras.Empty) with { Waiters = ReadStringArray(ref reader, "waiters") };
                    break;
                case WorkUnitKey.SourceFormula:
                    x = (x ?? WorkUnitExtras.Empty) with { SourceFormula = ReadOptionalString(ref reader, "source_formula", pooled: false) };
                    break;
                case WorkUnitKey.SourceLocation:
                    x = (x ?? WorkUnitExtras.Empty) with { SourceLocation = ReadOptionalString(ref reader, "source_location", pooled: false) };
                    break;
                case WorkUnitKey.HookBead:
                    x = (x ?? WorkUnitExtras.Empty) with { HookBead = ReadOptionalString(ref reader, "hook_bead", pooled: false) };
                    break;
                case WorkUnitKey.RoleBead:
                    x = (x ?? WorkUnitExtras.Empty) with { RoleBead = ReadOptionalString(ref reader, "role_bead", pooled: false) };
                    break;
                case WorkUnitKey.AgentState:
                    x = (x ?? WorkUnitExtras.Empty) with { AgentState = ReadOptionalString(ref reader, "agent_state", pooled: true) };
                    break;
                case WorkUnitKey.LastActivity:
                    x = (x ?? WorkUnitExtras.Empty) with { LastActivity = reader.TokenType == JsonTokenType.Null ? null : ReadTimestamp(ref reader, "last_activity") };
                    break;
                case WorkUnitKey.RoleType:
                    x = (x ?? WorkUnitExtras.Empty) with { RoleType = ReadOptionalString(ref reader, "role_type", pooled: true) };
                    break;
                case WorkUnitKey.Rig:
                    x = (x ?? WorkUnitExtras.Empty) with { Rig = ReadOptionalString(ref reader, "rig", pooled: true) };
                    break;
                case WorkUnitKey.MolType:
                    x = (x ?? WorkUnitExtras.Empty) with { MolType = ReadOptionalString(ref reader, "mol_type", pooled: true) };
                    break;
                case WorkUnitKey.EventKind:
                    x = (x ?? WorkUnitExtras.Empty) with { EventKind = ReadOptionalString(ref reader, "event_kind", pooled: true) };
                    break;
                case WorkUnitKey.Actor:
                    x = (x ?? WorkUnitExtras.Empty) with { Actor = ReadOptionalString(ref reader, "actor", pooled: true) };
                    break;
                case WorkUnitKey.Target:
                    x = (x ?? WorkUnitExtras.Empty) with { Target = ReadOptionalString(ref reader, "target", pooled: false) };
                    break;
                case WorkUnitKey.Payload:
                    x = (x ?? WorkUnitExtras.Empty) with { Payload = ReadOptionalString(ref reader, "payload", pooled: false) };
                    break;
            }

            if (key == WorkUnitKey.Id)
            {
                sawId = true;
            }
        }

        // The reader has checked the object is closed; make sure nothing follows it on the line.
        if (reader.Read())
        {
            throw new RecordException(JsonlDiagnosticKind.InvalidJson, reader.TokenStartIndex,
                $"there is more JSON after the issue object at byte {reader.TokenStartIndex}; a line must hold exactly one object. Split or fix the line.");
        }

        if (!sawId || b.Id.Length == 0)
        {
            throw new RecordException(JsonlDiagnosticKind.MissingId, 0,
                "the issue has no \"id\" (or an empty one); every issue needs one. Add the id or remove the line.");
        }

        b.UnknownFields = _unknown.Count == 0 ? ReadOnlyArray<UnknownJsonField>.Empty : ReadOnlyLists.Own(_unknown.ToArray());
        b.Extras = x;
        return new WorkUnit(b);
    }

    private UnknownJsonField ReadUnknown(ref Utf8JsonReader reader)
    {
        var name = reader.ValueIsEscaped ? reader.GetString()! : _pool.GetOrAdd(reader.ValueSpan);
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        var end = (int)reader.BytesConsumed;
        var raw = _line.Slice(start, end - start);
        return UnknownJsonField.CreateTrusted(name, _copyRawValues ? raw.ToArray() : raw);
    }

    // Long texts stay as slices of the document's bytes until someone reads them (see LazyJsonText).
    private object? ReadText(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.String, field, "a string");
        var length = reader.ValueSpan.Length;
        if (_copyRawValues || length <= LazyTextThreshold)
        {
            return reader.GetString();
        }

        var start = (int)reader.TokenStartIndex;
        return new LazyJsonText(_line.Slice(start, length + 2), reader.ValueIsEscaped);
    }

    private string ReadId(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "id", "a string");
        return reader.GetString()!;
    }

    private string ReadRequiredString(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return string.Empty;
        }

        Expect(ref reader, JsonTokenType.String, field, "a string");
        return reader.GetString()!;
    }

    private string? ReadOptionalString(ref Utf8JsonReader reader, string field, bool pooled)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.String, field, "a string");
        return pooled && !reader.ValueIsEscaped ? _pool.GetOrAdd(reader.ValueSpan) : reader.GetString();
    }

    private string ReadPooledString(ref Utf8JsonReader reader, string field)
    {
        Expect(ref reader, JsonTokenType.String, field, "a string");
        return reader.ValueIsEscaped ? reader.GetString()! : _pool.GetOrAdd(reader.ValueSpan);
    }

    private ReadOnlySpan<byte> ReadPlainUtf8(ref Utf8JsonReader reader, string field)
    {
        Expect(ref reader, JsonTokenType.String, field, "a string");
        return reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
    }

    private ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }

        var written = reader.CopyString(_scratch);
        return _scratch.AsSpan(0, written);
    }

    private static int ReadInt32(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return 0;
        }

        Expect(ref reader, JsonTokenType.Number, field, "an integer");
        if (!reader.TryGetInt32(out var value))
        {
            throw WrongValue(ref reader, field, "a 32-bit integer");
        }

        return value;
    }

    private static long ReadInt64(ref Utf8JsonReader reader, string field)
    {
        Expect(ref reader, JsonTokenType.Number, field, "an integer");
        if (!reader.TryGetInt64(out var value))
        {
            throw WrongValue(ref reader, field, "a 64-bit integer");
        }

        return value;
    }

    private static bool ReadBool(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False or JsonTokenType.Null => false,
        _ => throw WrongValue(ref reader, field, "true or false"),
    };

    private BeadsTimestamp ReadTimestamp(ref Utf8JsonReader reader, string field)
    {
        Expect(ref reader, JsonTokenType.String, field, "an RFC 3339 timestamp string");
        var text = reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
        if (!BeadsTimestamp.TryParse(text, out var value, out var error))
        {
            throw new RecordException(JsonlDiagnosticKind.InvalidRecord, reader.TokenStartIndex,
                $"\"{field}\" at byte {reader.TokenStartIndex}: {error} Write it as RFC 3339, e.g. 2025-12-30T19:11:03.816454-08:00.");
        }

        return value;
    }

    private IReadOnlyList<string> ReadStringArray(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyArray<string>.Empty;
        }

        Expect(ref reader, JsonTokenType.StartArray, field, "an array of strings");
        _strings.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _strings.Add(ReadPooledString(ref reader, field));
        }

        return ReadOnlyLists.Own(_strings.ToArray());
    }

    private IReadOnlyList<Dependency> ReadDependencies(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        _ = line;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyArray<Dependency>.Empty;
        }

        Expect(ref reader, JsonTokenType.StartArray, "dependencies", "an array of objects");
        _dependencies.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "dependencies", "an array of objects");
            string issueId = string.Empty, dependsOnId = string.Empty;
            string? createdBy = null, metadata = null, threadId = null;
            DependencyType type = default;
            BeadsTimestamp createdAt = default;
            _nestedUnknown.Clear();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
                if (name.SequenceEqual("issue_id"u8))
                {
                    reader.Read();
                    issueId = ReadIssueId(ref reader, "dependencies.issue_id");
                }
                else if (name.SequenceEqual("depends_on_id"u8))
                {
                    reader.Read();
                    dependsOnId = ReadPooledString(ref reader, "dependencies.depends_on_id");
                }
                else if (name.SequenceEqual("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.Null ? default : DependencyType.FromUtf8(ReadPlainUtf8(ref reader, "dependencies.type"));
                }
                else if (name.SequenceEqual("created_at"u8))
                {
                    reader.Read();
                    createdAt = reader.TokenType == JsonTokenType.Null ? default : ReadTimestamp(ref reader, "dependencies.created_at");
                }
                else if (name.SequenceEqual("created_by"u8))
                {
                    reader.Read();
                    createdBy = ReadOptionalString(ref reader, "dependencies.created_by", pooled: true);
                }
                else if (name.SequenceEqual("metadata"u8))
                {
                    reader.Read();
                    metadata = ReadOptionalString(ref reader, "dependencies.metadata", pooled: false);
                }
                else if (name.SequenceEqual("thread_id"u8))
                {
                    reader.Read();
                    threadId = ReadOptionalString(ref reader, "dependencies.thread_id", pooled: true);
                }
                else
                {
                    _nestedUnknown.Add(ReadUnknown(ref reader));
                }
            }

            var dependency = new Dependency(issueId, dependsOnId, type, createdAt, createdBy, metadata, threadId);
            if (_nestedUnknown.Count > 0)
            {
                dependency = dependency with { UnknownFields = _nestedUnknown };
            }

            _dependencies.Add(dependency);
        }

        return ReadOnlyLists.Own(_dependencies.ToArray());
    }

    private string ReadIssueId(ref Utf8JsonReader reader, string field)
    {
        Expect(ref reader, JsonTokenType.String, field, "a string");

        // In real data a nested issue_id is always the containing issue's id: share that string.
        if (!reader.ValueIsEscaped && Ascii.Equals(reader.ValueSpan, _builder.Id))
        {
            return _builder.Id;
        }

        return reader.ValueIsEscaped ? reader.GetString()! : _pool.GetOrAdd(reader.ValueSpan);
    }

    private IReadOnlyList<Comment> ReadComments(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        _ = line;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyArray<Comment>.Empty;
        }

        Expect(ref reader, JsonTokenType.StartArray, "comments", "an array of objects");
        _comments.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "comments", "an array of objects");
            CommentId id = default;
            string issueId = string.Empty, author = string.Empty, text = string.Empty;
            BeadsTimestamp createdAt = default;
            _nestedUnknown.Clear();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
                if (name.SequenceEqual("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType switch
                    {
                        JsonTokenType.Number => CommentId.FromRawNumber(Encoding.UTF8.GetString(reader.ValueSpan)),
                        JsonTokenType.String => CommentId.FromString(reader.GetString()!),
                        JsonTokenType.Null => default,
                        _ => throw WrongValue(ref reader, "comments.id", "a number or a string"),
                    };
                }
                else if (name.SequenceEqual("issue_id"u8))
                {
                    reader.Read();
                    issueId = ReadIssueId(ref reader, "comments.issue_id");
                }
                else if (name.SequenceEqual("author"u8))
                {
                    reader.Read();
                    author = ReadOptionalString(ref reader, "comments.author", pooled: true) ?? string.Empty;
                }
                else if (name.SequenceEqual("text"u8))
                {
                    reader.Read();
                    text = ReadOptionalString(ref reader, "comments.text", pooled: false) ?? string.Empty;
                }
                else if (name.SequenceEqual("created_at"u8))
                {
                    reader.Read();
                    createdAt = reader.TokenType == JsonTokenType.Null ? default : ReadTimestamp(ref reader, "comments.created_at");
                }
                else
                {
                    _nestedUnknown.Add(ReadUnknown(ref reader));
                }
            }

            var comment = new Comment(id, issueId, author, text, createdAt);
            if (_nestedUnknown.Count > 0)
            {
                comment = comment with { UnknownFields = _nestedUnknown };
            }

            _comments.Add(comment);
        }

        return ReadOnlyLists.Own(_comments.ToArray());
    }

    private IReadOnlyList<BondReference> ReadBonds(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyArray<BondReference>.Empty;
        }

        Expect(ref reader, JsonTokenType.StartArray, "bonded_from", "an array of objects");
        var list = new List<BondReference>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "bonded_from", "an array of objects");
            string sourceId = string.Empty, bondType = string.Empty;
            string? bondPoint = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "source_id":
                        sourceId = ReadRequiredString(ref reader, "bonded_from.source_id");
                        break;
                    case "bond_type":
                        bondType = ReadRequiredString(ref reader, "bonded_from.bond_type");
                        break;
                    case "bond_point":
                        bondPoint = ReadOptionalString(ref reader, "bonded_from.bond_point", pooled: false);
                        break;
                    default:
                        throw UnknownNested(ref reader, "bonded_from", name!);
                }
            }

            list.Add(new BondReference(sourceId, bondType, bondPoint));
        }

        return ReadOnlyLists.Own(list.ToArray());
    }

    private EntityRef ReadEntity(ref Utf8JsonReader reader, string field)
    {
        Expect(ref reader, JsonTokenType.StartObject, field, "an object");
        string? name = null, platform = null, org = null, id = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString();
            reader.Read();
            switch (key)
            {
                case "name":
                    name = ReadOptionalString(ref reader, field + ".name", pooled: true);
                    break;
                case "platform":
                    platform = ReadOptionalString(ref reader, field + ".platform", pooled: true);
                    break;
                case "org":
                    org = ReadOptionalString(ref reader, field + ".org", pooled: true);
                    break;
                case "id":
                    id = ReadOptionalString(ref reader, field + ".id", pooled: true);
                    break;
                default:
                    throw UnknownNested(ref reader, field, key!);
            }
        }

        return new EntityRef(name, platform, org, id);
    }

    private IReadOnlyList<WorkValidation> ReadValidations(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyArray<WorkValidation>.Empty;
        }

        Expect(ref reader, JsonTokenType.StartArray, "validations", "an array of objects");
        var list = new List<WorkValidation>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "validations", "an array of objects");
            EntityRef? validator = null;
            var outcome = string.Empty;
            BeadsTimestamp timestamp = default;
            float? score = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString();
                reader.Read();
                switch (key)
                {
                    case "validator":
                        validator = reader.TokenType == JsonTokenType.Null ? null : ReadEntity(ref reader, "validations.validator");
                        break;
                    case "outcome":
                        outcome = ReadRequiredString(ref reader, "validations.outcome");
                        break;
                    case "timestamp":
                        timestamp = reader.TokenType == JsonTokenType.Null ? default : ReadTimestamp(ref reader, "validations.timestamp");
                        break;
                    case "score":
                        if (reader.TokenType != JsonTokenType.Null)
                        {
                            Expect(ref reader, JsonTokenType.Number, "validations.score", "a number");
                            score = reader.GetSingle();
                        }

                        break;
                    default:
                        throw UnknownNested(ref reader, "validations", key!);
                }
            }

            list.Add(new WorkValidation(validator, outcome, timestamp, score));
        }

        return ReadOnlyLists.Own(list.ToArray());
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string field, string what)
    {
        if (reader.TokenType != expected)
        {
            throw WrongValue(ref reader, field, what);
        }
    }

    private static RecordException WrongValue(ref Utf8JsonReader reader, string field, string what)
        => new(JsonlDiagnosticKind.InvalidRecord, reader.TokenStartIndex,
            $"\"{field}\" at byte {reader.TokenStartIndex} is a JSON {Describe(reader.TokenType)}; beads writes {what} there. Fix the value or remove the line.");

    // The typed HOP fields never appeared in real data; an unexpected key inside them would be lost on a rewrite,
    // so the line is refused (and kept verbatim by a document) instead.
    private static RecordException UnknownNested(ref Utf8JsonReader reader, string field, string key)
        => new(JsonlDiagnosticKind.InvalidRecord, reader.TokenStartIndex,
            $"\"{field}\" holds the key \"{key}\" (byte {reader.TokenStartIndex}), which this SDK does not know there; the line is kept unparsed so the key is not lost.");

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.None => "nothing (the line is empty)",
        _ => type.ToString(),
    };

    private static string TrimReaderMessage(string message)
    {
        // Utf8JsonReader appends "LineNumber: 0 | BytePositionInLine: 12." which we already report.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static int FindInvalidUtf8(ReadOnlySpan<byte> span)
    {
        var position = 0;
        while (position < span.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(span[position..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return position;
            }

            position += consumed;
        }

        return 0;
    }

    /// <summary>Why a line could not be read: the kind, the byte position in the line (-1 when unknown) and a message.</summary>
    internal sealed record LineError(JsonlDiagnosticKind Kind, long Position, string Message);

    private sealed class RecordException(JsonlDiagnosticKind kind, long position, string message) : Exception(message)
    {
        public JsonlDiagnosticKind Kind { get; } = kind;

        public long Position { get; } = position;
    }
}
