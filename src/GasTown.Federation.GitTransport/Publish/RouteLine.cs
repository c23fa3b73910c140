using System.Text.Json;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// One line of a town's <c>.beads/routes.jsonl</c> as the publisher needs it: the parsed prefix
/// and path, the rig (first path component, <c>"."</c> for the town level) and the line's
/// original bytes, so public routes are published exactly as the town wrote them.
/// </summary>
internal readonly record struct RouteLine(string Prefix, string Path, string Rig, ReadOnlyMemory<byte> Raw)
{
    /// <summary>
    /// Reads every usable route, lenient like upstream's reader: blank lines, <c>#</c> comments,
    /// malformed JSON and entries without prefix or path are skipped (and so never published).
    /// </summary>
    public static List<RouteLine> ReadAll(ReadOnlyMemory<byte> content)
    {
        var routes = new List<RouteLine>();
        var rest = content;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            var trimmed = line.Span.Trim(" \t\r"u8);
            if (trimmed.IsEmpty || trimmed[0] == (byte)'#')
            {
                continue;
            }

            if (TryParse(trimmed, out var prefix, out var path))
            {
                var rig = path == "." ? "." : path.Split('/')[0];
                routes.Add(new RouteLine(prefix, path, rig, TrimCarriageReturn(line)));
            }
        }

        return routes;
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line)
        => !line.IsEmpty && line.Span[^1] == (byte)'\r' ? line[..^1] : line;

    private static bool TryParse(ReadOnlySpan<byte> json, out string prefix, out string path)
    {
        prefix = "";
        path = "";
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isPrefix = reader.ValueTextEquals("prefix"u8);
                var isPath = reader.ValueTextEquals("path"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (isPrefix)
                    {
                        prefix = reader.GetString() ?? "";
                    }
                    else if (isPath)
                    {
                        path = reader.GetString() ?? "";
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return prefix.Length > 0 && path.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
