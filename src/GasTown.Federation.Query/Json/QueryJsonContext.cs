using System.Text.Json.Serialization;

namespace GasTown.Federation.Query;

/// <summary>
/// Source-generated (AOT-safe) JSON for every query result: snake_case keys, enums as strings, nulls
/// left out. Use <c>JsonSerializer.Serialize(result, QueryJsonContext.Default.ShowResult)</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = false)]
[JsonSerializable(typeof(ShowResult))]
[JsonSerializable(typeof(WorkListResult))]
[JsonSerializable(typeof(OrganizationWorkResult))]
[JsonSerializable(typeof(ProjectWorkResult))]
[JsonSerializable(typeof(ReadyWorkResult))]
[JsonSerializable(typeof(AuditResult))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(IReadOnlyList<WorkUnitSummary>))]
public sealed partial class QueryJsonContext : JsonSerializerContext;
