using System.Text.Json;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Keeps the events of <c>.events.jsonl</c> that may leave the town: read with Provenance's own reader
/// (<see cref="EventLogReader"/>; a line it does not return, such as a torn last line, is withheld), feed-visible
/// as upstream's Go code reads the line (<see cref="GoJsonKey"/>: the last key that folds to <c>visibility</c>
/// decides, <c>feed</c> or <c>both</c>), and naming no private rig or id anywhere (<see cref="PrivateReferenceScanner"/>).
/// </summary>
internal sealed class FeedEventFilter(PrivateReferenceScanner scanner)
{
    /// <summary>The kept lines of <paramref name="content"/>, each ending in a newline.</summary>
    public byte[] Filter(ReadOnlyMemory<byte> content)
    {
        var read = EventLogReader.Read(content);
        var readLines = new HashSet<int>(read.Events.Select(e => e.LineNumber));
        using var buffer = new MemoryStream();
        var lineNumber = 0;
        var span = content.Span;
        while (!span.IsEmpty)
        {
            lineNumber++;
            var end = span.IndexOf((byte)'\n');
            if (end < 0)
            {
                // Not terminated: a writer may be mid-append. Never published.
                break;
            }

            var line = span[..end];
            span = span[(end + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (readLines.Contains(lineNumber) && IsFeedVisible(line) && scanner.FindPrivateReferenceInJson(line) is null)
            {
                buffer.Write(line);
                buffer.WriteByte((byte)'\n');
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Whether Go's encoding/json, decoding the line into upstream's Event struct, would see visibility feed or both.</summary>
    internal static bool IsFeedVisible(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? visibility = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString() ?? string.Empty;
                reader.Read();
                if (!GoJsonKey.Matches(key, "visibility"))
                {
                    reader.Skip();
                    continue;
                }

                // Go refuses a non-string into a string field, and a null leaves the earlier value: both are
                // withheld here, which is never a leak.
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                visibility = reader.GetString();
            }

            return visibility is "feed" or "both";
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
