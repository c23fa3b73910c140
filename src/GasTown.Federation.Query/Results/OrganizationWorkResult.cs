namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.ListByOrganizationAsync"/>.</summary>
/// <param name="Organization">The organisation entity, e.g. <c>acme.com</c>.</param>
/// <param name="Members">Verified members, ordered by entity.</param>
/// <param name="UnverifiedClaims">Employment claims naming the organisation that it does not assert itself; their work is not counted.</param>
/// <param name="Items">The members' work across every known chain, ordered by URI then member.</param>
/// <param name="Unreachable">Chains that could not be read, and why.</param>
public sealed record OrganizationWorkResult(
    string Organization,
    IReadOnlyList<OrganizationMember> Members,
    IReadOnlyList<UnverifiedClaim> UnverifiedClaims,
    IReadOnlyList<MemberWorkItem> Items,
    IReadOnlyList<UnreachableItem> Unreachable);
