using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// A town's <c>mayor/rigs.json</c>: <c>{"version":1,"rigs":{"&lt;name&gt;":{"git_url","added_at","beads":{"repo","prefix"}?}}}</c>.
/// Read only: the SDK learns a town's rigs from it, while <c>gt rig add</c> remains its writer. Fields added
/// after the design date (<c>push_url</c>, <c>upstream_url</c>, <c>local_repo</c>) are ignored.
/// </summary>
public sealed class TownRigs
{
    /// <summary>Where gt keeps the file, relative to the town root.</summary>
    public const string RelativePath = "mayor/rigs.json";

    private TownRigs(int version, IReadOnlyList<RigRegistration> rigs)
    {
        Version = version;
        Rigs = rigs;
    }

    /// <summary>The file's version (1 at the design date).</summary>
    public int Version { get; }

    /// <summary>The registered rigs, in file order.</summary>
    public IReadOnlyList<RigRegistration> Rigs { get; }

    /// <summary>Parses rigs.json content.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="filePath">The file's path for messages, or null.</param>
    /// <returns>The registrations.</returns>
    /// <exception cref="TownMetadataException">The content is not JSON or has the wrong shape.</exception>
    public static TownRigs Parse(ReadOnlySpan<byte> utf8, string? filePath = null)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TownMetadataException("invalid JSON: rigs.json must hold one JSON object", filePath ?? RelativePath);
            }

            var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;
            var rigs = new List<RigRegistration>();
            if (root.TryGetProperty("rigs", out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var rig in map.EnumerateObject())
                {
                    if (rig.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new TownMetadataException($"invalid JSON: rig '{rig.Name}' must be an object", filePath ?? RelativePath);
                    }

                    rigs.Add(new RigRegistration(
                        rig.Name,
                        TownJsonReading.OptionalString(rig.Value, "git_url"),
                        TownJsonReading.OptionalString(rig.Value, "added_at"),
                        TownJsonReading.OptionalBeads(rig.Value)));
                }
            }

            return new TownRigs(version, rigs);
        }
        catch (JsonException exception)
        {
            throw new TownMetadataException($"invalid JSON: {exception.Message}", filePath ?? RelativePath, exception);
        }
    }

    /// <summary>Reads <c>&lt;townRoot&gt;/mayor/rigs.json</c>.</summary>
    /// <param name="townRoot">The town root folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The registrations, or null when the town has no rigs.json.</returns>
    /// <exception cref="TownMetadataException">The file is not valid.</exception>
    public static async ValueTask<TownRigs?> LoadAsync(string townRoot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(townRoot);
        var path = Path.Combine(townRoot, "mayor", "rigs.json");
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
