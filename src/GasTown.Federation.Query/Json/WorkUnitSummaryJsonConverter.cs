using System.Text.Json;
using System.Text.Json.Nodes;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// A <see cref="WorkUnitSummary"/> as one JSON object: <c>uri</c>, <c>chain</c>, <c>rig</c>, then the work unit's
/// beads fields in the exporter's order (Model's <see cref="WorkUnitJson"/>, the one writer of beads JSON), every
/// timestamp in UTC. The shape gtfed has always printed for a work unit; reading it back rebuilds the work unit.
/// </summary>
internal sealed class WorkUnitSummaryJsonConverter : System.Text.Json.Serialization.JsonConverter<WorkUnitSummary>
{
    private static readonly string[] AddressKeys = ["uri", "chain", "rig"];

    public override WorkUnitSummary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject obj)
        {
            throw new JsonException("A work unit must be a JSON object.");
        }

        var uriText = obj["uri"]?.GetValue<string>() ?? throw new JsonException("A work unit needs its \"uri\".");
        if (!GtUri.TryParse(uriText, out var uri))
        {
            throw new JsonException($"\"uri\" '{uriText}' is not a gt:// URI.");
        }

        var rig = obj["rig"]?.GetValue<string>();
        foreach (var key in AddressKeys)
        {
            obj.Remove(key);
        }

        if (!WorkUnitJson.TryRead(System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString()), out var unit, out var error))
        {
            throw new JsonException($"The work unit at {uri} is not a beads issue: {error}");
        }

        return new WorkUnitSummary(uri, rig, unit);
    }

    public override void Write(Utf8JsonWriter writer, WorkUnitSummary value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("uri", value.Uri.ToString());
        writer.WriteString("chain", value.Chain.ToString());
        if (value.Rig is { } rig)
        {
            writer.WriteString("rig", rig);
        }

        var fields = JsonNode.Parse(WorkUnitJson.ToUtf8Bytes(value.WorkUnit))!.AsObject();
        JsonTimestamps.NormalizeBeadsObject(fields);
        foreach (var (key, field) in fields)
        {
            writer.WritePropertyName(key);
            if (field is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                field.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
