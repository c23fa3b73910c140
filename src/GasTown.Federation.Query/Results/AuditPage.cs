namespace GasTown.Federation.Query;

/// <summary>One page of an audit (<see cref="FederationQueries.AuditPageAsync"/>).</summary>
/// <param name="Result">
/// The audit with this page's entries only, in the audit's order; the unreachable chains, chain states and truncations
/// are the whole audit's, as <see cref="FederationQueries.AuditAsync"/> gives them.
/// </param>
/// <param name="Next">The token to pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record AuditPage(AuditResult Result, string? Next);
