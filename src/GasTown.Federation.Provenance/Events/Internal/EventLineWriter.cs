using System.Buffers;
using System.Globalization;
using System.Text.Json;
using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Formats one event line the way gastown's <c>internal/events</c> does: <c>json.Marshal</c> of
/// <c>{ts, source, type, actor, payload (omitempty), visibility}</c> followed by <c>'\n'</c>.
/// </summary>
internal static class EventLineWriter
{
    /// <summary>Go's <c>time.Now().UTC().Format(time.RFC3339)</c>: whole seconds (truncated, not rounded) and <c>Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The timestamp cut to whole seconds, in UTC: what the written line can say.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset timestamp)
    {
        var utc = timestamp.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    public static string VisibilityText(EventVisibility visibility) => visibility switch
    {
        EventVisibility.Audit => "audit",
        EventVisibility.Feed => "feed",
        EventVisibility.Both => "both",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "An event's visibility is Audit, Feed or Both."),
    };

    public static void WriteLine(IBufferWriter<byte> writer, TownEvent townEvent)
    {
        WriteLine(writer, townEvent.TimestampText, townEvent.Source, townEvent.Type, townEvent.Actor, townEvent.Payload, townEvent.VisibilityText);
    }

    /// <param name="writer">Where the bytes go.</param>
    /// <param name="timestamp">The <c>ts</c> text.</param>
    /// <param name="source">The <c>source</c>.</param>
    /// <param name="type">The <c>type</c>.</param>
    /// <param name="actor">The <c>actor</c>.</param>
    /// <param name="payload">Payload members in any order (written sorted, as Go writes a map); null or empty to omit the key.</param>
    /// <param name="visibility">The <c>visibility</c> text.</param>
    public static void WriteLine(
        IBufferWriter<byte> writer,
        string timestamp,
        string source,
        string type,
        string actor,
        IReadOnlyCollection<KeyValuePair<string, JsonElement>>? payload,
        string visibility)
    {
        writer.Write("{\"ts\":"u8);
        GoJsonWriter.WriteString(writer, timestamp);
        writer.Write(",\"source\":"u8);
        GoJsonWriter.WriteString(writer, source);
        writer.Write(",\"type\":"u8);
        GoJsonWriter.WriteString(writer, type);
        writer.Write(",\"actor\":"u8);
        GoJsonWriter.WriteString(writer, actor);
        if (payload is { Count: > 0 })
        {
            writer.Write(",\"payload\":"u8);
            GoJsonWriter.WriteObject(writer, payload);
        }

        writer.Write(",\"visibility\":"u8);
        GoJsonWriter.WriteString(writer, visibility);
        writer.Write("}\n"u8);
    }
}
