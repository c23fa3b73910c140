using System.Text.Json.Nodes;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// The one timestamp shape of the query results' JSON: RFC 3339 in UTC with <c>Z</c>, at the precision upstream's
/// exporter writes (Go's RFC3339Nano: trailing fraction zeros dropped, up to nanoseconds). Beads fields written
/// with another offset are the same instant, rewritten in UTC, so a reader never meets <c>+00:00</c>, <c>-07:00</c>
/// or a 7-digit .NET fraction.
/// </summary>
internal static class JsonTimestamps
{
    public static string Format(BeadsTimestamp timestamp) =>
        BeadsTimestamp.FromDateTimeOffset(timestamp.Value.ToUniversalTime(), timestamp.SubTickNanoseconds).Text;

    public static string Format(DateTimeOffset timestamp) => BeadsTimestamp.FromDateTimeOffset(timestamp.ToUniversalTime()).Text;

    /// <summary>Rewrites, in place, every timestamp of a beads object (keys ending in <c>_at</c>, and <c>defer_until</c>) in UTC.</summary>
    public static void NormalizeBeadsObject(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (IsTimestampKey(key) && value is JsonValue v && v.TryGetValue<string>(out var text) && BeadsTimestamp.TryParse(text, out var ts))
                    {
                        obj[key] = Format(ts);
                    }
                    else
                    {
                        NormalizeBeadsObject(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    NormalizeBeadsObject(item);
                }

                break;
        }
    }

    private static bool IsTimestampKey(string key) =>
        key.EndsWith("_at", StringComparison.Ordinal) || key is "defer_until";
}
