namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.ListByRemoteAsync"/>: every matching work unit of one chain.</summary>
/// <param name="Chain">The canonical URI of the chain listed.</param>
/// <param name="Items">The matching work units, ordered by URI.</param>
/// <param name="Unreachable">Empty when the chain was read; otherwise why it could not be.</param>
/// <param name="DataAsOf">When the chain was last fetched; null for the local town.</param>
public sealed record WorkListResult(
    string Chain,
    IReadOnlyList<WorkUnitSummary> Items,
    IReadOnlyList<UnreachableItem> Unreachable,
    DateTimeOffset? DataAsOf);
