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

    private readonly Utf8StringPool _pool = new();
    private readonly List<FieldEntry> _entries = [];
    private readonly List<UnknownJsonField> _unknown = [];
    private readonly List<UnknownJsonField> _nestedUnknown = [];
    private readonly List<string> _strings = [];
    private readonly List<Dependency> _dependencies = [];
    private readonly List<Comment> _comments = [];
    private byte[] _scratch = new byte[256];
    private ReadOnlyMemory<byte> _line;
    private bool _copyRawValues;
    private string _id = string.Empty;

    /// <summary>
    /// Parses a line (without its line ending) into a work unit.
    /// </summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="copyRawValues">True when <paramref name="line"/>'s memory will be reused, so unknown fields must copy their bytes.</param>
    /// <param name="unit">The work unit, or null (also for a line that is another kind of record, see <paramref name="error"/>).</param>
    /// <param name="error">Why the line could not be read, or null.</param>
    public bool TryParse(ReadOnlyMemory<byte> line, bool copyRawValues, out WorkUnit? unit, out LineError? error)
    {
        unit = null;
        if (!TryRun(line, copyRawValues, build: true, knownId: null, out var outcome, out error))
        {
            return false;
        }

        if (outcome.Record is { } record)
        {
            error = new LineError(JsonlDiagnosticKind.NotAnIssue, 0,
                $"the line is a \"{record.Type}\" record of bd export, not an issue.") { Record = record };
            return false;
        }

        unit = outcome.Unit;
        return true;
    }

    /// <summary>
    /// Checks a line exactly as <see cref="TryParse"/> would read it, keeping nothing but the id (and a non-issue
    /// record's content): the load path validates every line at once and builds each work unit on first access.
    /// </summary>
    public bool TryValidate(ReadOnlyMemory<byte> line, out ValidatedLine validated, out LineError? error)
    {
        validated = default;
        if (!TryRun(line, copyRawValues: false, build: false, knownId: null, out var outcome, out error))
        {
            return false;
        }

        validated = new ValidatedLine(outcome.Id, outcome.IdStart, outcome.IdLength, outcome.Record, outcome.Envelope);
        return true;
    }

    /// <summary>Builds the work unit of a line that <see cref="TryValidate"/> accepted.</summary>
    /// <exception cref="InvalidOperationException">The line no longer reads (its memory was changed after loading).</exception>
    public WorkUnit Materialize(ReadOnlyMemory<byte> line, string id)
    {
        if (!TryRun(line, copyRawValues: false, build: true, knownId: id, out var outcome, out var error, utf8Checked: true) || outcome.Unit is null)
        {
            throw new InvalidOperationException(
                $"The line of \"{id}\" was valid when the document was loaded but no longer reads ({error?.Message}); the document's bytes were changed after loading.");
        }

        return outcome.Unit;
    }

    private bool TryRun(ReadOnlyMemory<byte> line, bool copyRawValues, bool build, string? knownId, out Outcome outcome, out LineError? error, bool utf8Checked = false)
    {
        outcome = default;
        error = null;
        var span = line.Span;

        // A line validated at load was checked then; building it later need not scan its bytes again.
        if (!utf8Checked && !Utf8.IsValid(span))
        {
            var position = FindInvalidUtf8(span);
            error = new LineError(JsonlDiagnosticKind.InvalidUtf8, position,
                $"byte {position} of the line is not valid UTF-8 (0x{span[position]:x2}); the file must be UTF-8. Re-save it as UTF-8 or remove the bytes.");
            return false;
        }

        // Half a surrogate pair, escaped ("\ud800", valid JSON), reads as U+FFFD, as beads (Go) reads it and as every other
        // reader of the SDK reads it (GoJsonInput): decoding it would throw, never in validation (it decodes nothing) but in
        // building or in writing a kept value, long after the line was judged readable: one in a remote's title made its
        // whole chain unreadable, one in its metadata cut every JSON answer holding the unit off half-written. The line is
        // valid UTF-8 here, so the copy, when one is needed, is as long as the line. Only a line holding an escaped surrogate
        // can need it: the others skip Normalize's own UTF-8 pass, which this line has just had.
        if (GoJsonInput.MayHoldSurrogateEscape(span))
        {
            line = GoJsonInput.Normalize(line);
        }

        span = line.Span;
        _line = line;
        _copyRawValues = copyRawValues;
        try
        {
            outcome = Parse(span, build, knownId);
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
            _id = string.Empty;
        }
    }

    private Outcome Parse(ReadOnlySpan<byte> line, bool build, string? knownId)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        _entries.Clear();
        _unknown.Clear();
        string? id = null;

        // Validation keeps an unescaped id as its place in the line (no string per line at load: see DocumentLine).
        int idStart = 0, idLength = 0;
        var envelope = LineEnvelope.None;

        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RecordException(JsonlDiagnosticKind.InvalidRecord, reader.TokenStartIndex,
                $"the line is a JSON {Describe(reader.TokenType)}, not an object; each line of issues.jsonl must be one issue object. Fix or remove the line.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueIsEscaped ? WorkUnitFields.Lookup(Unescape(ref reader)) : WorkUnitFields.Lookup(reader.ValueSpan);
            if (field is null)
            {
                if (build)
                {
                    _unknown.Add(ReadUnknown(ref reader));
                }
                else
                {
                    reader.Skip();
                }

                continue;
            }

            reader.Read();
            if (field.Kind == FieldKind.Id)
            {
                Expect(ref reader, JsonTokenType.String, "id", "a string");
                if (!build && !reader.ValueIsEscaped)
                {
                    // A repeated key replaces the earlier value, as Go's decoder does.
                    id = null;
                    idStart = (int)reader.TokenStartIndex + 1;
                    idLength = reader.ValueSpan.Length;
                    continue;
                }

                id = knownId ?? reader.GetString()!;
                idLength = 0;
                _id = id;
                continue;
            }

            if (ReferenceEquals(field, WorkUnitFields.RecordType) && reader.TokenType == JsonTokenType.String)
            {
                // bd export's envelope: "_type":"issue" is an issue line; any other type is another kind of record.
                if (!ReadPlainUtf8(ref reader, "_type").SequenceEqual("issue"u8))
                {
                    return new Outcome(null, null, ReadOtherRecord(line), LineEnvelope.TypedCounts);
                }

                envelope = LineEnvelope.TypedCounts;
            }
            else if (ReferenceEquals(field, WorkUnitFields.DependencyCount) && envelope == LineEnvelope.None)
            {
                envelope = LineEnvelope.Counts;
            }

            var value = ReadValue(field, ref reader, build);
            if (build)
            {
                Put(field, value);
            }
        }

        // The reader has checked the object is closed; make sure nothing follows it on the line.
        if (reader.Read())
        {
            throw new RecordException(JsonlDiagnosticKind.InvalidJson, reader.TokenStartIndex,
                $"there is more JSON after the issue object at byte {reader.TokenStartIndex}; a line must hold exactly one object. Split or fix the line.");
        }

        if (string.IsNullOrEmpty(id) && idLength == 0)
        {
            throw new RecordException(JsonlDiagnosticKind.MissingId, 0,
                "the issue has no \"id\" (or an empty one); every issue needs one. Add the id or remove the line.");
        }

        if (!build)
        {
            return new Outcome(id, null, null, envelope) { IdStart = idStart, IdLength = idLength };
        }

        // Building always reads the id as a string (only validation keeps its place), so it is set here.
        var unknown = _unknown.Count == 0 ? ReadOnlyArray<UnknownJsonField>.Empty : ReadOnlyLists.Own(_unknown.ToArray());
        return new Outcome(id, new WorkUnit(id!, [.. _entries], unknown), null, envelope);
    }

    // Keeps the entries in Go order whatever the line's key order (a merge driver's file); a repeated key replaces
    // the earlier value, as Go's decoder does.
    private void Put(WorkUnitField field, object? value)
    {
        var at = _entries.Count;
        while (at > 0 && _entries[at - 1].Field.Ordinal >= field.Ordinal)
        {
            at--;
        }

        var present = at < _entries.Count && ReferenceEquals(_entries[at].Field, field);
        if (value is null)
        {
            if (present)
            {
                _entries.RemoveAt(at);
            }

            return;
        }

        if (present)
        {
            _entries[at] = new FieldEntry(field, value);
        }
        else
        {
            _entries.Insert(at, new FieldEntry(field, value));
        }
    }

    private object? ReadValue(WorkUnitField field, ref Utf8JsonReader reader, bool build)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var name = field.Name;
        switch (field.Kind)
        {
            case FieldKind.Text:
                return ReadText(ref reader, name, build);
            case FieldKind.String:
                Expect(ref reader, JsonTokenType.String, name, "a string");
                if (!build)
                {
                    return null;
                }

                return field.Pooled && !reader.ValueIsEscaped ? _pool.GetOrAdd(reader.ValueSpan) : reader.GetString();
            case FieldKind.Status:
            {
                var text = ReadPlainUtf8(ref reader, name);
                return build ? WorkStatus.FromUtf8(text).Value : null;
            }

            case FieldKind.IssueType:
            {
                var text = ReadPlainUtf8(ref reader, name);
                return build ? WorkType.FromUtf8(text).Value : null;
            }

            case FieldKind.Int32:
            {
                var value = ReadInt32(ref reader, name);
                return build ? FieldValues.Box(value) : null;
            }

            case FieldKind.Int64:
            {
                var value = ReadInt64(ref reader, name);
                return build ? value : null;
            }

            case FieldKind.Bool:
                return ReadBool(ref reader, name) ? FieldValues.True : FieldValues.False;
            case FieldKind.Timestamp:
            {
                var value = ReadTimestamp(ref reader, name);
                return build ? value : null;
            }

            case FieldKind.StringList:
                return ReadStringArray(ref reader, name, build);
            case FieldKind.Dependencies:
                return build ? ReadDependencies(ref reader) : ValidateNested(ref reader, name, comments: false);
            case FieldKind.Comments:
                return build ? ReadComments(ref reader) : ValidateNested(ref reader, name, comments: true);
            case FieldKind.Bonds:
                return ReadBonds(ref reader);
            case FieldKind.Entity:
                return ReadEntity(ref reader, name);
            case FieldKind.Validations:
                return ReadValidations(ref reader);
            case FieldKind.RawJson:
            {
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                if (!build)
                {
                    return null;
                }

                var raw = _line.Slice(start, (int)reader.BytesConsumed - start);
                return _copyRawValues ? (ReadOnlyMemory<byte>)raw.ToArray() : raw;
            }

            default:
                throw new InvalidOperationException($"The field table gives \"{name}\" the kind {field.Kind}, which the reader does not handle.");
        }
    }

    // Checks an array of dependency or comment objects as the builders below would read it, keeping nothing.
    private object? ValidateNested(ref Utf8JsonReader reader, string field, bool comments)
    {
        Expect(ref reader, JsonTokenType.StartArray, field, "an array of objects");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, field, "an array of objects");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueIsEscaped ? Unescape(ref reader).ToArray() : reader.ValueSpan;
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (name.SequenceEqual("created_at"u8))
                {
                    // Constant names: a concatenation here was an allocation per nested record at load.
                    ReadTimestamp(ref reader, comments ? "comments.created_at" : "dependencies.created_at");
                }
                else if (comments && name.SequenceEqual("id"u8))
                {
                    if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.String))
                    {
                        throw WrongValue(ref reader, "comments.id", "a number or a string");
                    }
                }
                else if (IsNestedStringKey(name, comments))
                {
                    Expect(ref reader, JsonTokenType.String, field, "a string");
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return null;
    }

    private static bool IsNestedStringKey(ReadOnlySpan<byte> name, bool comments) => comments
        ? name.SequenceEqual("issue_id"u8) || name.SequenceEqual("author"u8) || name.SequenceEqual("text"u8)
        : name.SequenceEqual("issue_id"u8) || name.SequenceEqual("depends_on_id"u8) || name.SequenceEqual("type"u8)
          || name.SequenceEqual("created_by"u8) || name.SequenceEqual("metadata"u8) || name.SequenceEqual("thread_id"u8);

    // A bd export line of another type ("memory"): the whole object must be valid JSON; a memory's key and value are kept.
    private static NonIssueRecord ReadOtherRecord(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        reader.Read();
        string type = string.Empty, key = string.Empty, value = string.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                switch (name)
                {
                    case "_type":
                        type = reader.GetString()!;
                        continue;
                    case "key":
                        key = reader.GetString()!;
                        continue;
                    case "value":
                        value = reader.GetString()!;
                        continue;
                }
            }

            reader.Skip();
        }

        if (reader.Read())
        {
            throw new RecordException(JsonlDiagnosticKind.InvalidJson, reader.TokenStartIndex,
                $"there is more JSON after the object at byte {reader.TokenStartIndex}; a line must hold exactly one object. Split or fix the line.");
        }

        return new NonIssueRecord(type, type == "memory" ? new BeadsMemory(key, value) : null);
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
    private object? ReadText(ref Utf8JsonReader reader, string field, bool build)
    {
        Expect(ref reader, JsonTokenType.String, field, "a string");
        if (!build)
        {
            return null;
        }

        var length = reader.ValueSpan.Length;
        if (_copyRawValues || length <= LazyTextThreshold)
        {
            return reader.GetString();
        }

        var start = (int)reader.TokenStartIndex;
        return new LazyJsonText(_line.Slice(start, length + 2), reader.ValueIsEscaped);
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

    private IReadOnlyList<string>? ReadStringArray(ref Utf8JsonReader reader, string field, bool build)
    {
        Expect(ref reader, JsonTokenType.StartArray, field, "an array of strings");
        _strings.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (build)
            {
                _strings.Add(ReadPooledString(ref reader, field));
            }
            else
            {
                Expect(ref reader, JsonTokenType.String, field, "a string");
            }
        }

        return build ? ReadOnlyLists.Own(_strings.ToArray()) : null;
    }

    private IReadOnlyList<Dependency> ReadDependencies(ref Utf8JsonReader reader)
    {
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
        if (!reader.ValueIsEscaped && Ascii.Equals(reader.ValueSpan, _id))
        {
            return _id;
        }

        return reader.ValueIsEscaped ? reader.GetString()! : _pool.GetOrAdd(reader.ValueSpan);
    }

    private IReadOnlyList<Comment> ReadComments(ref Utf8JsonReader reader)
    {
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
    internal sealed record LineError(JsonlDiagnosticKind Kind, long Position, string Message)
    {
        /// <summary>The record, when the line is a bd export record of another type (<see cref="JsonlDiagnosticKind.NotAnIssue"/>).</summary>
        public NonIssueRecord? Record { get; init; }
    }

    /// <summary>What validation keeps of a line: the issue's id, or the other record it is.</summary>
    /// <remarks>
    /// An unescaped id is given by its place in the line (<paramref name="IdStart"/>, <paramref name="IdLength"/> &gt; 0)
    /// and <paramref name="Id"/> is null; an escaped one is given as its decoded string.
    /// </remarks>
    internal readonly record struct ValidatedLine(string? Id, int IdStart, int IdLength, NonIssueRecord? Record, LineEnvelope Envelope);

    /// <summary>A bd export line whose <c>_type</c> is not <c>issue</c>; <see cref="Memory"/> for <c>"memory"</c>.</summary>
    internal sealed record NonIssueRecord(string Type, BeadsMemory? Memory);

    private readonly record struct Outcome(string? Id, WorkUnit? Unit, NonIssueRecord? Record, LineEnvelope Envelope)
    {
        public int IdStart { get; init; }

        public int IdLength { get; init; }
    }

    private sealed class RecordException(JsonlDiagnosticKind kind, long position, string message) : Exception(message)
    {
        public JsonlDiagnosticKind Kind { get; } = kind;

        public long Position { get; } = position;
    }
}
