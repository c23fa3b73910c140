namespace GasTown.Federation.Query;

/// <summary>One page of a project's work (<see cref="FederationQueries.ListByProjectPageAsync"/>).</summary>
/// <param name="Result">
/// The listing with this page's items only: delegated portions, unverified claims, unreachable items, the walk's stop,
/// chain states and truncations are the whole listing's, as <see cref="FederationQueries.ListByProjectAsync"/> gives them.
/// </param>
/// <param name="Next">The token to pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record ProjectWorkPage(ProjectWorkResult Result, string? Next);
