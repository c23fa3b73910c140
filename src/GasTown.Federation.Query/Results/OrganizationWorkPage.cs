namespace GasTown.Federation.Query;

/// <summary>One page of an organisation's work (<see cref="FederationQueries.ListByOrganizationPageAsync"/>, <see cref="FederationQueries.SearchByOrganizationAsync"/>).</summary>
/// <param name="Result">
/// The listing with this page's items only: members, unverified claims, unreachable chains, chain states and truncations
/// are the whole listing's, as <see cref="FederationQueries.ListByOrganizationAsync"/> gives them.
/// </param>
/// <param name="Next">The token to pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record OrganizationWorkPage(OrganizationWorkResult Result, string? Next);
