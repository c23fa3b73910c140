using System.Text.Json.Serialization;

namespace GasTown.Federation.Query;

/// <summary>
/// Source-generated (AOT-safe) JSON for every query result: snake_case keys, enums as strings, nulls left out,
/// URIs as their text, beads statuses/types as upstream writes them, a work unit as its beads object with
/// <c>uri</c>/<c>chain</c>/<c>rig</c>, and every timestamp in one shape: RFC 3339 in UTC with <c>Z</c>, at the
/// exporter's precision (trailing fraction zeros dropped). Use
/// <c>JsonSerializer.Serialize(result, QueryJsonContext.Default.ShowResult)</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = false,
    Converters =
    [
        typeof(WorkStatusJsonConverter),
        typeof(WorkTypeJsonConverter),
        typeof(DependencyTypeJsonConverter),
        typeof(BeadsTimestampJsonConverter),
        typeof(UtcTimestampJsonConverter),
    ])]
[JsonSerializable(typeof(ShowResult))]
[JsonSerializable(typeof(WorkListResult))]
[JsonSerializable(typeof(OrganizationWorkResult))]
[JsonSerializable(typeof(ProjectWorkResult))]
[JsonSerializable(typeof(ReadyWorkResult))]
[JsonSerializable(typeof(AuditResult))]
[JsonSerializable(typeof(DependentsResult))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(IReadOnlyList<WorkUnitSummary>))]
[JsonSerializable(typeof(IReadOnlyList<DelegatedPortion>))]
[JsonSerializable(typeof(IReadOnlyList<ChainState>))]
[JsonSerializable(typeof(IReadOnlyList<UnreachableItem>))]
[JsonSerializable(typeof(IReadOnlyList<UnverifiedClaim>))]
[JsonSerializable(typeof(IReadOnlyList<Truncation>))]
public sealed partial class QueryJsonContext : JsonSerializerContext;
