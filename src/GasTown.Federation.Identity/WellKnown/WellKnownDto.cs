using System.Text.Json.Serialization;

namespace GasTown.Federation.Identity;

// The wire shape of .well-known/gastown.json, read by the source-generated WellKnownJsonContext (AOT-safe).
// Unknown properties are ignored (System.Text.Json's default), so later versions may add fields.
internal sealed class WellKnownDto
{
    [JsonPropertyName("version")]
    public int? Version { get; set; }

    [JsonPropertyName("entity")]
    public string? Entity { get; set; }

    [JsonPropertyName("chains")]
    public List<WellKnownChainDto?>? Chains { get; set; }

    [JsonPropertyName("keys")]
    public List<string?>? Keys { get; set; }

    [JsonPropertyName("people")]
    public List<WellKnownPersonDto?>? People { get; set; }
}

internal sealed class WellKnownChainDto
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("branch")]
    public string? Branch { get; set; }
}

internal sealed class WellKnownPersonDto
{
    [JsonPropertyName("entity")]
    public string? Entity { get; set; }

    [JsonPropertyName("keys")]
    public List<string?>? Keys { get; set; }

    [JsonPropertyName("chains")]
    public List<WellKnownChainDto?>? Chains { get; set; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 16)]
[JsonSerializable(typeof(WellKnownDto))]
internal sealed partial class WellKnownJsonContext : JsonSerializerContext;
