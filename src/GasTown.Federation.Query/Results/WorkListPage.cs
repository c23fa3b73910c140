namespace GasTown.Federation.Query;

/// <summary>One page of a remote's work units (<see cref="FederationQueries.ListByRemotePageAsync"/>).</summary>
/// <param name="Result">
/// The listing with this page's items only: the chain, unreachable items, data age and chain state are the whole
/// listing's, as <see cref="FederationQueries.ListByRemoteAsync"/> gives them.
/// </param>
/// <param name="Next">The token to pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record WorkListPage(WorkListResult Result, string? Next);
