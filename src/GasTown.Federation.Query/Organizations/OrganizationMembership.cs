using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// The one member rule of an organisation listing, shared by the loaded and the indexed paths: members are the entities
/// whose employment by the organisation <see cref="TrustEvaluator"/> verified; the claims it did not verify are reported
/// (unless their entity is a member anyway); an assignment counts only in a chain that speaks for the organisation.
/// </summary>
internal sealed class OrganizationMembership
{
    private OrganizationMembership(SortedDictionary<string, OrganizationMember> members, IReadOnlyList<UnverifiedClaim> unverified)
    {
        Members = members;
        Unverified = unverified;
    }

    /// <summary>Verified members by entity (ordinal).</summary>
    public SortedDictionary<string, OrganizationMember> Members { get; }

    /// <summary>The claims not verified whose entity is no member, by subject then asserting chain.</summary>
    public IReadOnlyList<UnverifiedClaim> Unverified { get; }

    /// <summary>
    /// Judges from evaluated claims in load order (chains as loaded, each chain's claims in its order). Only employment
    /// claims naming <paramref name="organization"/> are read; their verdicts depend on no other kind of claim.
    /// </summary>
    public static OrganizationMembership Judge(IEnumerable<RelationshipClaim> evaluated, EntityId organization)
    {
        var verified = new List<RelationshipClaim>();
        var notVerified = new List<RelationshipClaim>();
        foreach (var claim in evaluated)
        {
            if (claim.Relationship is EmploymentRelationship employment && employment.Organization == organization)
            {
                (claim.IsVerified ? verified : notVerified).Add(claim);
            }
        }

        // Verified is the evaluator's word. Which verified claim is named as the source is only presentation: the
        // organisation's own assertion first (a stable sort keeps load order otherwise).
        var members = new SortedDictionary<string, OrganizationMember>(StringComparer.Ordinal);
        foreach (var claim in verified.OrderByDescending(TrustEvaluator.IsAssertedByAuthority))
        {
            var entity = ((EmploymentRelationship)claim.Relationship).Entity;
            members.TryAdd(entity.Value, new OrganizationMember(entity, claim.AssertedBy.ChainUri));
        }

        var unverified = notVerified
            .Where(c => !members.ContainsKey(((EmploymentRelationship)c.Relationship).Entity.Value))
            .Select(UnverifiedClaim.From)
            .OrderBy(c => c.Subject, StringComparer.Ordinal).ThenBy(c => c.AssertedBy.ToString(), StringComparer.Ordinal)
            .ToList();
        return new OrganizationMembership(members, unverified);
    }

    /// <summary>Whether every work unit of a chain is a member's (its owner is a member and its identity is verified).</summary>
    public bool OwnsChain(GtUri chain, bool isIdentityVerified) => isIdentityVerified && Members.ContainsKey(chain.Entity.Value);

    /// <summary>The member an assignee names (an entity, compared as <see cref="EntityId"/> normalises it), if any.</summary>
    public bool TryGetMember(string? assignee, out EntityId member)
    {
        member = default;
        return assignee is not null && EntityId.TryParse(assignee, out member) && Members.ContainsKey(member.Value);
    }

    /// <summary>
    /// Whether an assignment in this chain is the organisation's word: the chain would have the authority to assert a
    /// member's employment (the evaluator's rule, so an unverified or third-party chain never qualifies).
    /// </summary>
    public static bool SpeaksForOrganization(GtUri chain, bool isIdentityVerified, IdentityProof? proof, EntityId member, EntityId organization) =>
        TrustEvaluator.IsAssertedByAuthority(
            new RelationshipClaim(new EmploymentRelationship(member, organization), chain, TrustStatus.Unverified) { IsAsserterIdentityVerified = isIdentityVerified, AsserterProof = proof });
}
