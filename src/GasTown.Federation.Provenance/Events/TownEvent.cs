using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Text.Json;

namespace GasTown.Federation.Provenance;

/// <summary>
/// One line of a town's <c>.events.jsonl</c>: <c>{"ts","source","type","actor","payload","visibility"}</c>.
/// </summary>
/// <remarks>
/// Events read from a file keep every key they carried: keys this SDK does not know are in
/// <see cref="AdditionalProperties"/>, and the original timestamp and visibility texts are kept beside their parsed
/// values. The payload of a read event is parsed on first access, so filtering a large log does not pay for payloads.
/// </remarks>
[DebuggerDisplay("{TimestampText,nq} {Type,nq} by {Actor,nq}")]
public sealed class TownEvent
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoProperties =
        new ReadOnlyDictionary<string, JsonElement>(new Dictionary<string, JsonElement>());

    private readonly ReadOnlyMemory<byte> _payloadUtf8;

    // Parsed on first access; a box so that readers on any thread see either nothing or the whole result.
    private ParsedPayload? _payload;

    /// <summary>Creates an event; <paramref name="payload"/> is copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="visibility"/> is not Audit, Feed or Both.</exception>
    public TownEvent(
        DateTimeOffset timestamp,
        string source,
        string type,
        string actor,
        IReadOnlyDictionary<string, JsonElement>? payload,
        EventVisibility visibility)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(actor);
        Timestamp = timestamp;
        TimestampText = EventLineWriter.FormatTimestamp(timestamp);
        Source = source;
        Type = type;
        Actor = actor;
        Visibility = visibility;
        VisibilityText = EventLineWriter.VisibilityText(visibility);
        if (payload is not null)
        {
            var copy = new Dictionary<string, JsonElement>(payload.Count, StringComparer.Ordinal);
            foreach (var (key, value) in payload)
            {
                copy[key] = value.Clone();
            }

            _payload = new(copy.Count == 0 ? null : new ReadOnlyDictionary<string, JsonElement>(copy));
        }
        else
        {
            _payload = new(null);
        }

        AdditionalProperties = NoProperties;
    }

    internal TownEvent(
        DateTimeOffset timestamp,
        string timestampText,
        string source,
        string type,
        string actor,
        ReadOnlyMemory<byte> payloadUtf8,
        EventVisibility visibility,
        string visibilityText,
        IReadOnlyDictionary<string, JsonElement>? additionalProperties,
        int lineNumber)
    {
        Timestamp = timestamp;
        TimestampText = timestampText;
        Source = source;
        Type = type;
        Actor = actor;
        _payloadUtf8 = payloadUtf8;
        _payload = payloadUtf8.IsEmpty ? new(null) : null;
        Visibility = visibility;
        VisibilityText = visibilityText;
        AdditionalProperties = additionalProperties ?? NoProperties;
        LineNumber = lineNumber;
    }

    /// <summary>When the event happened (<c>ts</c>); upstream writes UTC, whole seconds.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The <c>ts</c> text as written, for example <c>2025-12-30T18:02:04Z</c>.</summary>
    public string TimestampText { get; }

    /// <summary>The program that wrote the event (<c>source</c>), <c>gt</c> for upstream.</summary>
    public string Source { get; }

    /// <summary>The event type (<c>type</c>), for example <c>sling</c>, <c>done</c>, <c>session_start</c>.</summary>
    public string Type { get; }

    /// <summary>The actor path (<c>actor</c>) as written; empty when the line had none.</summary>
    public string Actor { get; }

    /// <summary>The actor parsed, or <see langword="null"/> when <see cref="Actor"/> is empty or not a valid path.</summary>
    public ActorId? ActorId => Provenance.ActorId.TryParse(Actor, out var actor) ? actor : null;

    /// <summary>
    /// The payload's top-level keys and values (<c>payload</c>), or <see langword="null"/> when the event has none.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? Payload
    {
        get
        {
            var parsed = Volatile.Read(ref _payload);
            if (parsed is null)
            {
                parsed = new ParsedPayload(EventLineParser.ParsePayload(_payloadUtf8.Span));
                Volatile.Write(ref _payload, parsed);
            }

            return parsed.Value;
        }
    }

    /// <summary>Who the event is for (<c>visibility</c>).</summary>
    public EventVisibility Visibility { get; }

    /// <summary>The <c>visibility</c> text as written (kept for values this SDK does not know).</summary>
    public string VisibilityText { get; }

    /// <summary>Keys of the line that are not part of upstream's event record, kept as read.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties { get; }

    /// <summary>The 1-based line number in the file the event was read from; 0 for an event not read from a file.</summary>
    public int LineNumber { get; }

    /// <summary>
    /// The event as upstream's <c>gt</c> writes it: compact JSON in Go's key order and escaping, followed by <c>\n</c>.
    /// Keys in <see cref="AdditionalProperties"/> are not written.
    /// </summary>
    public byte[] ToUtf8Line()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        EventLineWriter.WriteLine(buffer, this);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The line of <see cref="ToUtf8Line"/> as text, without the final newline.</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(ToUtf8Line()).TrimEnd('\n');

    private sealed class ParsedPayload(IReadOnlyDictionary<string, JsonElement>? value)
    {
        public IReadOnlyDictionary<string, JsonElement>? Value { get; } = value;
    }
}
