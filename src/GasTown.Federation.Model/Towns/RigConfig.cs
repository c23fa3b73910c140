using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// A rig's <c>&lt;rig&gt;/config.json</c> (gt's RigConfig): <c>{"type":"rig","version":1,"name","git_url","created_at","beads":{"repo","prefix"}?}</c>. Read only.
/// </summary>
/// <param name="Name">The rig name.</param>
/// <param name="Version">The format version (1 at the design date).</param>
/// <param name="GitUrl">The rig's git URL, or null.</param>
/// <param name="CreatedAt">When the rig was created (original text), or null.</param>
/// <param name="Beads">The rig's beads settings, or null.</param>
public sealed record RigConfig(string Name, int Version, string? GitUrl, string? CreatedAt, RigBeadsSettings? Beads)
{
    /// <summary>Parses config.json content; <c>type</c> must be <c>"rig"</c> (or empty) and <c>name</c> present.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="filePath">The file's path for messages, or null.</param>
    /// <returns>The rig configuration.</returns>
    /// <exception cref="TownMetadataException">The content is not a valid rig config.</exception>
    public static RigConfig Parse(ReadOnlySpan<byte> utf8, string? filePath = null)
    {
        var where = filePath ?? "config.json";
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TownMetadataException("invalid JSON: config.json must hold one JSON object", where);
            }

            var type = TownJsonReading.OptionalString(root, "type") ?? string.Empty;
            if (type.Length != 0 && type != "rig")
            {
                throw new TownMetadataException($"invalid config type: expected type 'rig', got '{type}'", where);
            }

            var name = TownJsonReading.OptionalString(root, "name");
            if (string.IsNullOrEmpty(name))
            {
                throw new TownMetadataException("missing required field: name", where);
            }

            var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;
            return new RigConfig(name, version, TownJsonReading.OptionalString(root, "git_url"), TownJsonReading.OptionalString(root, "created_at"), TownJsonReading.OptionalBeads(root));
        }
        catch (JsonException exception)
        {
            throw new TownMetadataException($"invalid JSON: {exception.Message}", where, exception);
        }
    }

    /// <summary>Reads <c>&lt;townRoot&gt;/&lt;rig&gt;/config.json</c>.</summary>
    /// <param name="townRoot">The town root folder.</param>
    /// <param name="rigName">The rig name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The configuration, or null when the rig has no config.json.</returns>
    /// <exception cref="TownMetadataException">The file is not valid.</exception>
    /// <exception cref="ChainPathException">The rig name would leave the town.</exception>
    public static async ValueTask<RigConfig?> LoadAsync(string townRoot, string rigName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(townRoot);
        ArgumentException.ThrowIfNullOrEmpty(rigName);
        ChainRelativePath.ThrowIfEscapes(rigName);
        var path = Path.Combine(townRoot, rigName, "config.json");
        try
        {
            return Parse(await LocalFile.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
