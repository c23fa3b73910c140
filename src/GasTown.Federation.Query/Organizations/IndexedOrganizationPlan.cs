using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// What an <see cref="IQueryIndex"/> says about an organisation, exactly as loading every known chain would: the known
/// chains' states (local first, then by URI, as <see cref="ChainSession.LoadAllKnownAsync"/> loads them), the members
/// judged by <see cref="TrustEvaluator"/> from every available chain's employment lines (employment verdicts depend on
/// employment claims only, so delegations and cross-references, wherever written, change none), and which work units of
/// which chains are members' work: every unit of a member's own verified chain, and the units assigned to a member in a
/// chain that speaks for the organisation. Null from <see cref="TryBuild"/> whenever a known chain is one the index
/// cannot describe exactly (or the chain limit would cut the load short): the query then loads the chains.
/// </summary>
internal sealed class IndexedOrganizationPlan
{
    private readonly Dictionary<GtUri, (QueryIndexChain Chain, bool Own)> _byChain;

    private IndexedOrganizationPlan(EntityId organization, OrganizationMembership membership, TouchedChains chains, List<(QueryIndexChain Chain, bool Own)> scopes)
    {
        Organization = organization;
        Membership = membership;
        Chains = chains;
        _byChain = scopes.ToDictionary(s => s.Chain.Uri, s => s);
        var members = membership.Members.Values.Select(m => m.Entity).ToList();
        Scopes = [.. scopes.Select(s => new QueryIndexScope(s.Chain.Uri, s.Own ? null : members))];
    }

    public EntityId Organization { get; }

    public OrganizationMembership Membership { get; }

    public TouchedChains Chains { get; }

    /// <summary>The chains whose units may be members' work, in load order, each with the assignees that count (null: all).</summary>
    public IReadOnlyList<QueryIndexScope> Scopes { get; }

    public static IndexedOrganizationPlan? TryBuild(QueryContext context, IQueryIndexReader reader, EntityId organization)
    {
        var chains = new TouchedChains(reader, context);
        if (chains.GetAllKnown() is not { } all)
        {
            return null;
        }

        var (_, available) = all;

        // The claims in load order, each with what the provider proves about its chain, as FederationClaims gathers them.
        var claims = new List<RelationshipClaim>();
        foreach (var chain in available)
        {
            foreach (var relationship in reader.GetEmployments(chain.Uri, organization))
            {
                claims.Add(new RelationshipClaim(relationship, chain.Uri, TrustStatus.Unverified) { IsAsserterIdentityVerified = chain.IsIdentityVerified, AsserterProof = chain.Proof });
            }
        }

        var membership = OrganizationMembership.Judge(TrustEvaluator.Evaluate(claims), organization);
        var scopes = new List<(QueryIndexChain, bool)>();
        var anyMember = membership.Members.Values.Select(m => m.Entity).FirstOrDefault();
        foreach (var chain in available)
        {
            if (membership.OwnsChain(chain.Uri, chain.IsIdentityVerified))
            {
                scopes.Add((chain, true));
            }
            else if (!anyMember.IsDefault && OrganizationMembership.SpeaksForOrganization(chain.Uri, chain.IsIdentityVerified, chain.Proof, anyMember, organization))
            {
                // (Whether a chain speaks for the organisation does not depend on which member is assigned.)
                scopes.Add((chain, false));
            }
        }

        return new IndexedOrganizationPlan(organization, membership, chains, scopes);
    }

    /// <summary>A unit the index returned for a scope, attributed as <see cref="OrganizationQuery"/> attributes it.</summary>
    /// <exception cref="IndexCannotAnswerException">The row is not one the loaded rule would list (the index and the rule disagree).</exception>
    public MemberWorkItem ItemOf(WorkUnitSummary unit, WorkFilter filter)
    {
        if (!filter.Matches(unit) || !_byChain.TryGetValue(unit.Uri.ChainUri, out var scope))
        {
            throw new IndexCannotAnswerException();
        }

        if (scope.Own)
        {
            return new MemberWorkItem(unit, scope.Chain.Uri.Entity, WorkAttribution.OwnChain);
        }

        return Membership.TryGetMember(unit.WorkUnit.Assignee, out var member)
            ? new MemberWorkItem(unit, member, WorkAttribution.Assignee)
            : throw new IndexCannotAnswerException();
    }

    /// <summary>The listing with these items.</summary>
    public OrganizationWorkResult Result(IReadOnlyList<MemberWorkItem> items) =>
        new(Organization, [.. Membership.Members.Values], Membership.Unverified, items, [.. Chains.FailedItems()], Chains.States(), []);
}
