using GasTown.Federation.Model;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Reads one event line with <see cref="Utf8JsonReader"/>. The payload is only located here (kept as bytes) and parsed
/// when someone asks for it, so scanning and filtering a large log stays cheap.
/// </summary>
internal static class EventLineParser
{
    /// <summary>
    /// Parses a line. Returns false with an error for an invalid line; true for a valid one, with
    /// <paramref name="townEvent"/> null when the filter rejects it (decided before any string is allocated).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, int lineNumber, EventFilter? filter, out TownEvent? townEvent, out string? error)
    {
        townEvent = null;
        try
        {
            return TryParseCore(line, lineNumber, filter, out townEvent, out error);
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            error = $"not a valid event: {ex.Message}";
            return false;
        }
    }

    private static bool TryParseCore(ReadOnlyMemory<byte> line, int lineNumber, EventFilter? filter, out TownEvent? townEvent, out string? error)
    {
        townEvent = null;
        var reader = new Utf8JsonReader(line.Span, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "not a JSON object";
            return false;
        }

        RawString timestampText = default;
        DateTimeOffset timestamp = default;
        string? source = null;
        RawString type = default;
        RawString actor = default;
        string? visibilityText = null;
        var visibility = EventVisibility.Unknown;
        ReadOnlyMemory<byte> payload = default;
        Dictionary<string, JsonElement>? additional = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (IsKey(ref reader, "ts"u8, "ts"))
            {
                reader.Read();
                if (!TryReadTimestamp(ref reader, out timestampText, out timestamp))
                {
                    error = "\"ts\" is not an RFC 3339 timestamp string";
                    return false;
                }
            }
            else if (IsKey(ref reader, "source"u8, "source"))
            {
                if (!TryReadString(ref reader, out source))
                {
                    error = "\"source\" is not a string";
                    return false;
                }
            }
            else if (IsKey(ref reader, "type"u8, "type"))
            {
                if (!TryReadRaw(ref reader, out type))
                {
                    error = "\"type\" is not a string";
                    return false;
                }
            }
            else if (IsKey(ref reader, "actor"u8, "actor"))
            {
                if (!TryReadRaw(ref reader, out actor))
                {
                    error = "\"actor\" is not a string";
                    return false;
                }
            }
            else if (IsKey(ref reader, "visibility"u8, "visibility"))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = "\"visibility\" is not a string";
                    return false;
                }

                (visibility, visibilityText) = ReadVisibility(ref reader);
            }
            else if (IsKey(ref reader, "payload"u8, "payload"))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    payload = default;
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    payload = line[start..(int)reader.BytesConsumed];
                }
                else
                {
                    error = "\"payload\" is not an object";
                    return false;
                }
            }
            else
            {
                // A key upstream does not write (yet): kept, never dropped.
                var name = reader.GetString()!;
                reader.Read();
                additional ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                additional[name] = JsonElement.ParseValue(ref reader);
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            error = "the JSON object is not closed";
            return false;
        }

        if (HasTrailingContent(ref reader))
        {
            error = "text follows the JSON object on the same line";
            return false;
        }

        if (!timestampText.IsPresent)
        {
            error = "the required key \"ts\" is missing";
            return false;
        }

        if (!type.IsPresent)
        {
            error = "the required key \"type\" is missing";
            return false;
        }

        error = null;
        if (filter is not null && !Passes(filter, line.Span, type, actor, timestamp, visibility))
        {
            return true;
        }

        townEvent = new TownEvent(
            timestamp,
            timestampText.ToString(line.Span),
            source ?? string.Empty,
            type.ToString(line.Span),
            actor.IsPresent ? actor.ToString(line.Span) : string.Empty,

            // Copied: the line may live in a reader's reusable buffer or in memory the caller reuses.
            payload.IsEmpty ? default : payload.ToArray(),
            visibility,
            visibilityText ?? string.Empty,
            additional is null ? null : new ReadOnlyDictionary<string, JsonElement>(additional),
            lineNumber);
        return true;
    }

    /// <summary>The filter, judged on the line's bytes: a rejected line costs no string.</summary>
    private static bool Passes(EventFilter filter, ReadOnlySpan<byte> line, RawString type, RawString actor, DateTimeOffset timestamp, EventVisibility visibility)
    {
        Span<char> typeBuffer = stackalloc char[128];
        Span<char> actorBuffer = stackalloc char[256];
        return filter.Matches(type.Chars(line, typeBuffer), actor.IsPresent ? actor.Chars(line, actorBuffer) : [], timestamp, visibility);
    }

    private static bool TryReadRaw(ref Utf8JsonReader reader, out RawString value)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            value = default;
            return false;
        }

        value = reader.ValueIsEscaped || reader.HasValueSequence
            ? new RawString(0, 0, reader.GetString())
            : new RawString((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null);
        return true;
    }

    /// <summary>A string value located in the line: its UTF-8 bytes, or (when escaped) the decoded text.</summary>
    private readonly struct RawString(int start, int length, string? decoded)
    {
        public bool IsPresent { get; } = true;

        public ReadOnlySpan<char> Chars(ReadOnlySpan<byte> line, Span<char> buffer)
        {
            if (decoded is not null)
            {
                return decoded;
            }

            var bytes = line.Slice(start, length);
            if (bytes.Length > buffer.Length)
            {
                return Encoding.UTF8.GetString(bytes);
            }

            return buffer[..Encoding.UTF8.GetChars(bytes, buffer)];
        }

        public string ToString(ReadOnlySpan<byte> line) => decoded ?? Encoding.UTF8.GetString(line.Slice(start, length));
    }

    // Keys match as gt's json.Unmarshal matches them: exactly, else case-folded; every match is decoded in order, so the
    // last wins ("visibility":"feed","Visibility":"audit" is an audit event, as Go reads it).
    private static bool IsKey(ref Utf8JsonReader reader, ReadOnlySpan<byte> exact, string name)
        => reader.ValueTextEquals(exact)
           || (reader.ValueIsEscaped ? GoJsonKeys.FoldEquals(reader.GetString(), name) : GoJsonKeys.FoldEquals(reader.ValueSpan, name));

    private static bool HasTrailingContent(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            return true;
        }
    }

    public static IReadOnlyDictionary<string, JsonElement>? ParsePayload(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        reader.Read();
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            members[name] = JsonElement.ParseValue(ref reader);
        }

        return members.Count == 0 ? null : new ReadOnlyDictionary<string, JsonElement>(members);
    }

    private static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            value = null;
            return false;
        }

        // Upstream's source is nearly always "gt": share one string instead of allocating per line.
        value = !reader.ValueIsEscaped && reader.ValueTextEquals("gt"u8) ? "gt" : reader.GetString();
        return true;
    }

    private static (EventVisibility Visibility, string Text) ReadVisibility(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("feed"u8))
        {
            return (EventVisibility.Feed, "feed");
        }

        if (reader.ValueTextEquals("audit"u8))
        {
            return (EventVisibility.Audit, "audit");
        }

        if (reader.ValueTextEquals("both"u8))
        {
            return (EventVisibility.Both, "both");
        }

        return (EventVisibility.Unknown, reader.GetString()!);
    }

    private static bool TryReadTimestamp(ref Utf8JsonReader reader, out RawString text, out DateTimeOffset timestamp)
    {
        text = default;
        timestamp = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence && TryParseCanonical(reader.ValueSpan, out timestamp))
        {
            // The text becomes a string only if the event passes the filter.
            text = new RawString((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null);
            return true;
        }

        var decoded = reader.GetString()!;
        text = new RawString(0, 0, decoded);
        return DateTimeOffset.TryParse(decoded, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp);
    }

    /// <summary>The form upstream writes, <c>yyyy-MM-ddTHH:mm:ssZ</c>, parsed without allocating.</summary>
    private static bool TryParseCanonical(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        {
            return false;
        }

        if (!TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day) ||
            !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || !TryDigits(s, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = s[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
