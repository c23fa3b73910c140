using System.Text.Json;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// One line of a town's <c>.beads/routes.jsonl</c> as the publisher needs it: the parsed prefix
/// and path, the rig (first path component, <c>"."</c> for the town level) and the line's
/// original bytes, so public routes are published exactly as the town wrote them.
/// </summary>
/// <remarks>
/// The rig is taken only from a path whose every component is a real name: <c>./secret</c> or
/// <c>./</c> would otherwise yield the rig <c>"."</c> and let the town level or another rig's
/// issues pass as a public rig. Such a route gets <see cref="Problem"/> and an empty rig, so it
/// can never be named and is never published.
/// </remarks>
internal readonly record struct RouteLine(string Prefix, string Path, string Rig, ReadOnlyMemory<byte> Raw)
{
    /// <summary>Whether this is the town-level route (path exactly <c>.</c>).</summary>
    public bool IsTown => Path == ".";

    /// <summary>Why the path is unusable (empty, <c>.</c> or <c>..</c> components, absolute, ...), or <see langword="null"/>.</summary>
    public string? Problem => IsTown ? null : CheckComponents(Path) ?? Model.ChainRelativePath.FindEscape(Path);

    /// <summary>Whether the route belongs to a rig that can be named and published.</summary>
    public bool IsRig => !IsTown && Rig.Length > 0;

    /// <summary>The rig of a route path: <c>"."</c> for the town level, <c>""</c> when the path is not normalised.</summary>
    public static string RigOf(string path)
        => path == "." ? "." : CheckComponents(path) is null ? path.Split('/')[0] : "";

    private static string? CheckComponents(string path)
    {
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == "." || part == "..")
            {
                return $"it has a{(part.Length == 0 ? "n empty" : $" '{part}'")} component; write it as rig/sub/folder";
            }
        }

        return null;
    }

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
                routes.Add(new RouteLine(prefix, path, RigOf(path), TrimCarriageReturn(line)));
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
