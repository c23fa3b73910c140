using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// A delegation a walk follows: the relationship as the chain with the authority over it (the parent's) asserts it,
/// and whether the child's chain accepts it too.
/// </summary>
/// <param name="Relationship">The parent chain's claim (its terms name the portion).</param>
/// <param name="AcceptedByChild">Whether the evaluator verified it (the child's chain asserts it as well).</param>
internal sealed record FollowedDelegation(DelegationRelationship Relationship, bool AcceptedByChild)
{
    /// <summary>
    /// The one rule for which delegation claims are followed, shared by the loaded snapshot and the index's completion
    /// feed: claims are grouped by (parent, child) without rigs; a pair is followed when one of its claims is made by the
    /// chain with the authority (<see cref="TrustEvaluator.IsAssertedByAuthority"/>), and the first such claim (in claim
    /// order) gives the relationship and its terms. The other pairs' claims go to <paramref name="unverified"/>.
    /// </summary>
    /// <param name="claims">Judged claims (<see cref="TrustEvaluator.Evaluate(IEnumerable{RelationshipClaim})"/>), in the order they were collected.</param>
    /// <param name="unverified">Receives the claims of pairs nobody with the authority asserts, or null.</param>
    /// <returns>The followed delegations, ordered by parent then child key (ordinal).</returns>
    public static List<FollowedDelegation> Select(IEnumerable<RelationshipClaim> claims, List<UnverifiedClaim>? unverified)
    {
        var claimsByPair = new Dictionary<(string Parent, string Child), List<RelationshipClaim>>();
        foreach (var claim in claims)
        {
            if (claim.Relationship is DelegationRelationship d)
            {
                var pair = (WorkUnitKey.Of(d.Parent), WorkUnitKey.Of(d.Child));
                if (!claimsByPair.TryGetValue(pair, out var list))
                {
                    claimsByPair[pair] = list = [];
                }

                list.Add(claim);
            }
        }

        var followed = new List<FollowedDelegation>();
        foreach (var (_, pairClaims) in claimsByPair.OrderBy(p => p.Key.Parent, StringComparer.Ordinal).ThenBy(p => p.Key.Child, StringComparer.Ordinal))
        {
            var authority = pairClaims.FirstOrDefault(TrustEvaluator.IsAssertedByAuthority);
            if (authority is null)
            {
                unverified?.AddRange(pairClaims.Select(UnverifiedClaim.From));
                continue;
            }

            followed.Add(new FollowedDelegation((DelegationRelationship)authority.Relationship, pairClaims.Any(c => c.IsVerified)));
        }

        return followed;
    }

    /// <summary>The completion rule of a delegated portion (<see cref="DelegatedPortion.IsComplete"/>): every child closed.</summary>
    /// <param name="childrenClosed">Whether each child is closed (an unreachable child never is).</param>
    /// <returns>Whether the portion is complete.</returns>
    public static bool IsPortionComplete(IEnumerable<bool> childrenClosed) => childrenClosed.All(closed => closed);
}
