using System.Text.Json.Serialization;
using GasTown.Federation.Query;

namespace GtFed;

/// <summary>Source-generated JSON for the query results gtfed prints as they are (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
internal sealed partial class GtFedJsonContext : JsonSerializerContext;
