using System.Buffers;
using System.Globalization;
using System.Text.Json;

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
        IReadOnlyList<KeyValuePair<string, JsonElement>>? payload = townEvent.Payload is { Count: > 0 } p ? GoJson.Sort(p) : null;
        WriteLine(writer, townEvent.TimestampText, townEvent.Source, townEvent.Type, townEvent.Actor, payload, townEvent.VisibilityText);
    }

    /// <param name="writer">Where the bytes go.</param>
    /// <param name="timestamp">The <c>ts</c> text.</param>
    /// <param name="source">The <c>source</c>.</param>
    /// <param name="type">The <c>type</c>.</param>
    /// <param name="actor">The <c>actor</c>.</param>
    /// <param name="sortedPayload">Payload members already in Go's order; null or empty to omit the key.</param>
    /// <param name="visibility">The <c>visibility</c> text.</param>
    public static void WriteLine(
        IBufferWriter<byte> writer,
        string timestamp,
        string source,
        string type,
        string actor,
        IReadOnlyList<KeyValuePair<string, JsonElement>>? sortedPayload,
        string visibility)
    {
        GoJson.Raw(writer, "{\"ts\":"u8);
        GoJson.WriteString(writer, timestamp);
        GoJson.Raw(writer, ",\"source\":"u8);
        GoJson.WriteString(writer, source);
        GoJson.Raw(writer, ",\"type\":"u8);
        GoJson.WriteString(writer, type);
        GoJson.Raw(writer, ",\"actor\":"u8);
        GoJson.WriteString(writer, actor);
        if (sortedPayload is { Count: > 0 })
        {
            GoJson.Raw(writer, ",\"payload\":"u8);
            GoJson.WriteObject(writer, sortedPayload);
        }

        GoJson.Raw(writer, ",\"visibility\":"u8);
        GoJson.WriteString(writer, visibility);
        GoJson.Raw(writer, "}\n"u8);
    }
}
