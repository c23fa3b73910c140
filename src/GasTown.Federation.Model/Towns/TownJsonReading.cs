using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>Small lenient readers shared by the town and rig file parsers.</summary>
internal static class TownJsonReading
{
    public static string? OptionalString(JsonElement element, string key)
        => element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static RigBeadsSettings? OptionalBeads(JsonElement element)
        => element.TryGetProperty("beads", out var beads) && beads.ValueKind == JsonValueKind.Object
            ? new RigBeadsSettings(OptionalString(beads, "repo"), OptionalString(beads, "prefix"))
            : null;
}
