using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// The files <c>gt rig add</c> writes besides the route (gastown a8bd79bf: <c>internal/rig/manager.go</c> <c>AddRig</c>
/// and <c>InitBeads</c>, <c>internal/beads/config_yaml.go</c>, <c>internal/config/loader.go</c>): the rig's
/// <c>config.json</c>, its <c>.beads/config.yaml</c> and its entry in <c>mayor/rigs.json</c>, each as Go writes it
/// (<c>json.MarshalIndent</c> with two spaces, no trailing newline; Go's escaping; map keys sorted).
/// </summary>
internal static class RigFiles
{
    private const string Indent = "  ";

    /// <summary><c>&lt;rig&gt;/config.json</c>: gastown's <c>RigConfig</c> (<c>type, version, name, git_url, created_at, beads</c>).</summary>
    public static byte[] RigConfig(string name, string prefix, BeadsTimestamp createdAt)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        GoJsonWriter.WriteRaw(writer, "{\n  \"type\": \"rig\",\n  \"version\": 1,\n  \"name\": "u8);
        GoJsonWriter.WriteString(writer, name);
        // No clone here, so no git_url; gt writes the empty string its struct holds.
        GoJsonWriter.WriteRaw(writer, ",\n  \"git_url\": \"\",\n  \"created_at\": "u8);
        GoJsonWriter.WriteString(writer, createdAt.Text);
        GoJsonWriter.WriteRaw(writer, ",\n  \"beads\": {\n    \"repo\": \"\",\n    \"prefix\": "u8);
        GoJsonWriter.WriteString(writer, prefix);
        GoJsonWriter.WriteRaw(writer, "\n  }\n}"u8);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary><c>&lt;rig&gt;/.beads/config.yaml</c> as gastown's <c>ensureConfigYAML</c> creates it.</summary>
    public static byte[] BeadsConfigYaml(string prefix) =>
        Encoding.UTF8.GetBytes($"prefix: {prefix}\nissue-prefix: {prefix}\ndolt.idle-timeout: \"0\"\n");

    /// <summary>
    /// <c>mayor/rigs.json</c> with <paramref name="name"/> added: the existing entries are kept as they are (values
    /// re-indented as Go would), the new one is <c>{"git_url":"","added_at":…,"beads":{"repo":"","prefix":…}}</c>.
    /// </summary>
    /// <exception cref="TownMetadataException">The existing file is not valid.</exception>
    public static byte[] RigsRegistry(byte[]? existing, string name, string prefix, BeadsTimestamp addedAt)
    {
        var version = 1;
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (existing is not null)
        {
            try
            {
                using var document = JsonDocument.Parse(existing);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new TownMetadataException("invalid JSON: rigs.json must hold one JSON object", TownRigs.RelativePath);
                }

                if (document.RootElement.TryGetProperty("version", out var v) && v.TryGetInt32(out var parsed))
                {
                    version = parsed;
                }

                if (document.RootElement.TryGetProperty("rigs", out var rigs) && rigs.ValueKind == JsonValueKind.Object)
                {
                    foreach (var rig in rigs.EnumerateObject())
                    {
                        entries[rig.Name] = rig.Value.GetRawText();
                    }
                }
            }
            catch (JsonException exception)
            {
                throw new TownMetadataException($"invalid JSON: {exception.Message}", TownRigs.RelativePath, exception);
            }
        }

        var entry = new ArrayBufferWriter<byte>(128);
        GoJsonWriter.WriteRaw(entry, "{\"git_url\":\"\",\"added_at\":"u8);
        GoJsonWriter.WriteString(entry, addedAt.Text);
        GoJsonWriter.WriteRaw(entry, ",\"beads\":{\"repo\":\"\",\"prefix\":"u8);
        GoJsonWriter.WriteString(entry, prefix);
        GoJsonWriter.WriteRaw(entry, "}}"u8);
        entries[name] = Encoding.UTF8.GetString(entry.WrittenSpan);

        var compact = new ArrayBufferWriter<byte>(512);
        GoJsonWriter.WriteRaw(compact, "{\"version\":"u8);
        GoJsonWriter.WriteInt(compact, version);
        GoJsonWriter.WriteRaw(compact, ",\"rigs\":{"u8);
        var first = true;
        foreach (var (rigName, raw) in entries)
        {
            if (!first)
            {
                GoJsonWriter.WriteRaw(compact, ","u8);
            }

            first = false;
            GoJsonWriter.WriteString(compact, rigName);
            GoJsonWriter.WriteRaw(compact, ":"u8);
            GoJsonWriter.WriteRaw(compact, raw);
        }

        GoJsonWriter.WriteRaw(compact, "}}"u8);
        using var whole = JsonDocument.Parse(compact.WrittenMemory);
        var indented = new ArrayBufferWriter<byte>(1024);
        GoJsonWriter.WriteIndentedInOrder(indented, whole.RootElement, Indent, 0);
        return indented.WrittenSpan.ToArray();
    }
}
