using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Every relationship claim of a set of loaded chains (relationships.jsonl, cross-references from beads, and
/// delegations written in beads) with <see cref="TrustEvaluator"/>'s verdict. The one place Query asks for trust:
/// queries read <see cref="RelationshipClaim.Status"/> and <see cref="TrustEvaluator.IsAssertedByAuthority"/>,
/// never an entity comparison of their own.
/// </summary>
internal static class FederationClaims
{
    public static IReadOnlyList<RelationshipClaim> Evaluate(IReadOnlyList<Chain> chains)
    {
        var claims = new List<RelationshipClaim>();
        foreach (var chain in chains)
        {
            claims.AddRange(chain.Relationships);
            claims.AddRange(BeadsDelegations.Claims(chain));
        }

        return TrustEvaluator.Evaluate(claims);
    }
}
