using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.ListByOrganizationAsync"/>.</summary>
/// <param name="Organization">The organisation entity, e.g. <c>acme.com</c>.</param>
/// <param name="Members">Verified members, ordered by entity.</param>
/// <param name="UnverifiedClaims">Employment claims naming the organisation that the evaluator did not verify; their work is not counted.</param>
/// <param name="Items">The members' work across every known chain, ordered by URI then member.</param>
/// <param name="Unreachable">Chains that could not be read, and why.</param>
/// <param name="Chains">Every chain the query read or tried, with its trust state, data age and dropped lines.</param>
/// <param name="Truncations">The bounds that cut the query short (here only <see cref="TruncationBound.Chains"/>); empty when it saw everything.</param>
public sealed record OrganizationWorkResult(
    EntityId Organization,
    IReadOnlyList<OrganizationMember> Members,
    IReadOnlyList<UnverifiedClaim> UnverifiedClaims,
    IReadOnlyList<MemberWorkItem> Items,
    IReadOnlyList<UnreachableItem> Unreachable,
    IReadOnlyList<ChainState> Chains,
    IReadOnlyList<Truncation> Truncations)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
