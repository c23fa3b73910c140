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
    public static IReadOnlyList<RelationshipClaim> Evaluate(IReadOnlyList<Chain> chains, Func<GtUri, IdentityProof?>? proofOf = null)
    {
        var claims = new List<RelationshipClaim>();
        foreach (var chain in chains)
        {
            // The provider's proof of the chain's identity (signed by a published or pinned key, or name only) rides on
            // each of its claims, so the evaluator decides with it.
            var proof = proofOf?.Invoke(chain.Uri);
            claims.AddRange(chain.Relationships.Select(c => c with { AsserterProof = proof }));
            claims.AddRange(BeadsDelegations.Claims(chain).Select(c => c with { AsserterProof = proof }));
        }

        return TrustEvaluator.Evaluate(claims);
    }
}
