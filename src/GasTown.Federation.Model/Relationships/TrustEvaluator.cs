using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// Decides how far each relationship claim can be believed, from which chains assert it (DESIGN §5).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Employment</b> (entity E works for organisation O) is <see cref="TrustStatus.Verified"/> when a chain
/// whose entity is O asserts it, and that chain's identity is proven by a key (<see cref="RelationshipClaim.AsserterProof"/>
/// <see cref="IdentityProof.PublishedKey"/> or <see cref="IdentityProof.PinnedKey"/>, or not judged at all, as for the
/// local town). Asserted by O's chain known by name only it is <see cref="TrustStatus.Claimed"/>; only by E's own chain,
/// <see cref="TrustStatus.Claimed"/>; by anyone else, <see cref="TrustStatus.Unverified"/>.</item>
/// <item><b>Delegation</b> (parent P → child C) is verified when P's chain asserts it <i>and</i> C's chain accepts it by
/// asserting the same parent and child (terms may differ; rigs in the URIs are ignored because a work id
/// routes to its rig anyway). Asserted by only one of the two it is claimed; by neither, unverified.</item>
/// <item><b>Cross-reference</b> is verified when the source's own chain asserts it, unverified otherwise.</item>
/// <item><b>Unknown types</b> are unverified.</item>
/// </list>
/// A chain whose identity is unverified (<see cref="RelationshipClaim.IsAsserterIdentityVerified"/> false: a one-rig
/// repository or a town.json without owner) is only the URI it was registered under, so it never counts as the
/// organisation's, parent's, child's or source's chain: its claims are at best claimed, and it vouches for nobody's.
/// Every claim keeps its asserting chain: claims are never merged, so a caller can show who said what.
/// A claim by a third party about a relationship that the right chains do assert is reported as verified
/// (the relationship is), with a reason naming the chains that vouch for it.
/// </remarks>
public static class TrustEvaluator
{
    /// <summary>Evaluates one claim alone, as if no other chain had said anything.</summary>
    /// <param name="relationship">The relationship.</param>
    /// <param name="assertedBy">The asserting chain.</param>
    /// <returns>The claim with its status and reason.</returns>
    public static RelationshipClaim Evaluate(Relationship relationship, GtUri assertedBy)
        => Evaluate([new RelationshipClaim(relationship, assertedBy, TrustStatus.Unverified)])[0];

    /// <summary>Evaluates every claim against all the others (collect the claims of every chain you know first).</summary>
    /// <param name="claims">The claims, whatever their current status; only relationship and asserting chain count.</param>
    /// <returns>The claims in the same order, each with its status and reason.</returns>
    /// <exception cref="ArgumentException">A claim's <see cref="RelationshipClaim.AssertedBy"/> is not a chain or work-unit URI.</exception>
    public static IReadOnlyList<RelationshipClaim> Evaluate(IEnumerable<RelationshipClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var all = claims.Select(c => c with { AssertedBy = ChainOf(c.AssertedBy) }).ToList();
        if (all.FindIndex(c => c.AssertedBy.IsDefault || c.AssertedBy.Kind != GtUriKind.Chain) is var bad and >= 0)
        {
            throw new ArgumentException($"Claim {bad} has no asserting chain (got '{all[bad].AssertedBy}'): every claim needs the gt://entity/chain URI of the chain that asserts it.", nameof(claims));
        }


        // Who asserts what: the key ignores terms and rigs, so two chains describing one delegation match.
        // Only chains whose identity was verified are recorded, because only they can vouch for anything.
        var assertersByEmployment = new Dictionary<(EntityId, EntityId), HashSet<GtUri>>();
        var assertersByDelegation = new Dictionary<(GtUri, GtUri), HashSet<GtUri>>();
        foreach (var claim in all.Where(c => c.IsAsserterIdentityVerified))
        {
            switch (claim.Relationship)
            {
                case EmploymentRelationship e when claim.AsserterProof != IdentityProof.NameOnly:
                    Add(assertersByEmployment, (e.Entity, e.Organization), claim.AssertedBy);
                    break;
                case DelegationRelationship d:
                    Add(assertersByDelegation, DelegationKey(d), claim.AssertedBy);
                    break;
            }
        }

        var result = new RelationshipClaim[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            var claim = all[i];
            var verified = claim.IsAsserterIdentityVerified;
            var (status, reason) = claim.Relationship switch
            {
                EmploymentRelationship e => Employment(e, claim.AssertedBy, verified, claim.AsserterProof, Asserters(assertersByEmployment, (e.Entity, e.Organization))),
                DelegationRelationship d => Delegation(d, claim.AssertedBy, verified, Asserters(assertersByDelegation, DelegationKey(d))),
                CrossReferenceRelationship x => CrossReference(x, claim.AssertedBy, verified),
                _ => (TrustStatus.Unverified, $"relationship type '{claim.Relationship.Type}' is unknown to this SDK, so nobody's authority over it can be checked"),
            };
            result[i] = claim with { Status = status, Reason = reason };
        }

        return result;
    }

    /// <summary>
    /// Whether <paramref name="claim"/> is made by the chain with the authority over its relationship, speaking
    /// under a verified identity: the organisation's chain for employment, the parent's chain for a delegation (a
    /// chain may delegate its own work whether or not the child has accepted yet), the source's chain for a
    /// cross-reference. Unknown types have no authority. A chain whose identity is unverified never has it.
    /// </summary>
    /// <remarks>
    /// This is the rule queries use to decide what to follow (a delegation the parent asserts) and whom to count
    /// (members the organisation asserts); <see cref="Evaluate(IEnumerable{RelationshipClaim})"/> builds its
    /// statuses on the same rule, so the two never disagree.
    /// </remarks>
    /// <param name="claim">The claim, with its asserting chain and <see cref="RelationshipClaim.IsAsserterIdentityVerified"/>.</param>
    /// <returns><see langword="true"/> when the asserting chain has the authority.</returns>
    public static bool IsAssertedByAuthority(RelationshipClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (!claim.IsAsserterIdentityVerified || claim.AssertedBy.IsDefault || claim.AssertedBy.Kind == GtUriKind.Entity)
        {
            return false;
        }

        var by = ChainOf(claim.AssertedBy);
        return claim.Relationship switch
        {
            EmploymentRelationship e => by.Entity == e.Organization && claim.AsserterProof != IdentityProof.NameOnly,
            DelegationRelationship d => by == ChainOf(d.Parent),
            CrossReferenceRelationship x => by == ChainOf(x.Source),
            _ => false,
        };
    }

    private static (TrustStatus, string) Employment(EmploymentRelationship employment, GtUri assertedBy, bool asserterVerified, IdentityProof? proof, IReadOnlySet<GtUri> asserters)
    {
        var organization = employment.Organization;
        if (asserterVerified && assertedBy.Entity == organization && proof != IdentityProof.NameOnly)
        {
            return (TrustStatus.Verified, proof switch
            {
                IdentityProof.PublishedKey => $"asserted by the organisation's own chain {assertedBy}, signed by a key {organization} publishes",
                IdentityProof.PinnedKey => $"asserted by the organisation's own chain {assertedBy}, signed by the key pinned for {organization}",
                _ => $"asserted by the organisation's own chain {assertedBy}",
            });
        }

        var vouching = asserters.FirstOrDefault(a => a.Entity == organization);
        if (!vouching.IsDefault)
        {
            return (TrustStatus.Verified, $"confirmed by the organisation's own chain {vouching}");
        }

        if (!asserterVerified)
        {
            var party = assertedBy.Entity == organization || assertedBy.Entity == employment.Entity;
            return (party ? TrustStatus.Claimed : TrustStatus.Unverified, $"{UnverifiedAsserter(assertedBy)}; no verified chain of {organization} confirms it");
        }

        if (assertedBy.Entity == organization)
        {
            return (TrustStatus.Claimed, $"asserted by the organisation's chain {assertedBy}, but it is known by name only: no key of {organization} signs its snapshots, so whoever serves its URL could have written it");
        }

        if (assertedBy.Entity == employment.Entity)
        {
            return (TrustStatus.Claimed, $"asserted by the employee's own chain {assertedBy}; no chain of {organization} confirms it");
        }

        return (TrustStatus.Unverified, $"asserted by {assertedBy}, which is neither {organization}'s nor {employment.Entity}'s chain; no chain of {organization} confirms it");
    }

    private static (TrustStatus, string) Delegation(DelegationRelationship delegation, GtUri assertedBy, bool asserterVerified, IReadOnlySet<GtUri> asserters)
    {
        var parentChain = ChainOf(delegation.Parent);
        var childChain = ChainOf(delegation.Child);
        var parentSays = asserters.Contains(parentChain);
        var childSays = asserters.Contains(childChain);
        if (parentSays && childSays)
        {
            return (TrustStatus.Verified, parentChain == childChain
                ? $"parent and child are both in {parentChain}, which asserts it"
                : $"asserted by the parent's chain {parentChain} and accepted by the child's chain {childChain}");
        }

        if (!asserterVerified)
        {
            var party = assertedBy == parentChain || assertedBy == childChain;
            return (party ? TrustStatus.Claimed : TrustStatus.Unverified, $"{UnverifiedAsserter(assertedBy)}; it needs the verified parent's chain {parentChain} and child's chain {childChain}");
        }

        if (assertedBy == parentChain)
        {
            return (TrustStatus.Claimed, $"asserted by the parent's chain {parentChain}; the child's chain {childChain} has not accepted it");
        }

        if (assertedBy == childChain)
        {
            return (TrustStatus.Claimed, $"accepted by the child's chain {childChain}; the parent's chain {parentChain} does not assert it");
        }

        return (TrustStatus.Unverified, $"asserted by {assertedBy}, which is neither the parent's chain {parentChain} nor the child's chain {childChain}");
    }

    private static (TrustStatus, string) CrossReference(CrossReferenceRelationship reference, GtUri assertedBy, bool asserterVerified)
    {
        var sourceChain = ChainOf(reference.Source);
        if (!asserterVerified)
        {
            return (assertedBy == sourceChain ? TrustStatus.Claimed : TrustStatus.Unverified, UnverifiedAsserter(assertedBy));
        }

        return assertedBy == sourceChain
            ? (TrustStatus.Verified, $"asserted by the source's own chain {sourceChain}")
            : (TrustStatus.Unverified, $"asserted by {assertedBy}, not by the source's chain {sourceChain}");
    }

    private static string UnverifiedAsserter(GtUri assertedBy)
        => $"asserted by {assertedBy}, but the asserting chain's identity is unverified (a one-rig repository or a town.json without owner), so it cannot speak for {assertedBy.Entity}";

    // Every key has a set once a verified chain asserts it; a claim only unverified chains make has none.
    private static IReadOnlySet<GtUri> Asserters<TKey>(Dictionary<TKey, HashSet<GtUri>> map, TKey key)
        where TKey : notnull
        => map.TryGetValue(key, out var set) ? set : EmptyAsserters;

    private static readonly HashSet<GtUri> EmptyAsserters = [];

    private static (GtUri, GtUri) DelegationKey(DelegationRelationship d) => (d.Parent.WithRig(null), d.Child.WithRig(null));

    private static GtUri ChainOf(GtUri uri) => uri.Kind == GtUriKind.Entity || uri.IsDefault ? uri : uri.ChainUri;

    private static void Add<TKey>(Dictionary<TKey, HashSet<GtUri>> map, TKey key, GtUri asserter)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = [];
        }

        set.Add(asserter);
    }
}
