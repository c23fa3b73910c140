using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <c>bd list --org=ENTITY</c>. Members are the entities whose employment by the organisation
/// <see cref="TrustEvaluator"/> verifies (claims it does not verify are reported as unverified, with its reason,
/// and their work is not counted). A member's work, across every known chain: every work unit of the chains the
/// member owns (chain entity = member, identity verified), plus every work unit assigned to the member in a chain
/// that speaks for the organisation (the evaluator's authority rule). An assignee written anywhere else pulls
/// nothing into the view.
/// </summary>
internal static class OrganizationQuery
{
    public static async ValueTask<OrganizationWorkResult> RunAsync(QueryContext context, EntityId organization, WorkFilter filter, CancellationToken cancellationToken)
    {
        await context.Session.LoadAllKnownAsync(cancellationToken).ConfigureAwait(false);
        var chains = context.Session.Loaded;

        var members = new SortedDictionary<string, OrganizationMember>(StringComparer.Ordinal);
        var verified = new List<RelationshipClaim>();
        var notVerified = new List<RelationshipClaim>();
        foreach (var claim in context.Session.Claims)
        {
            if (claim.Relationship is EmploymentRelationship employment && employment.Organization == organization)
            {
                (claim.IsVerified ? verified : notVerified).Add(claim);
            }
        }

        // Verified is the evaluator's word. Which verified claim is named as the source is only presentation: the
        // organisation's own assertion first (a stable sort keeps load order otherwise).
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

        var items = new List<MemberWorkItem>();
        foreach (var chain in chains)
        {
            var owner = chain.Uri.Entity.Value;
            var ownChain = chain.IsIdentityVerified && members.ContainsKey(owner);
            foreach (var unit in chain.WorkUnits)
            {
                if (!filter.Matches(unit.Unit))
                {
                    continue;
                }

                if (ownChain)
                {
                    items.Add(new MemberWorkItem(Summaries.Of(chain, unit), chain.Uri.Entity, WorkAttribution.OwnChain));
                }
                else if (unit.Unit.Assignee is { } assignee && EntityId.TryParse(assignee, out var assigneeEntity)
                    && members.ContainsKey(assigneeEntity.Value) && SpeaksForOrganization(chain, context.Session.ProofOf(chain.Uri), assigneeEntity, organization))
                {
                    items.Add(new MemberWorkItem(Summaries.Of(chain, unit), assigneeEntity, WorkAttribution.Assignee));
                }
            }
        }

        items.Sort((a, b) => WorkUnitSummary.CompareByUri(a.WorkUnit, b.WorkUnit) is var c && c != 0 ? c : string.CompareOrdinal(a.Member.Value, b.Member.Value));
        return new OrganizationWorkResult(organization, [.. members.Values], unverified, items, [.. context.Session.FailedChains()],
            context.Session.States(), [.. context.Session.ChainTruncations()]);
    }

    // Whether an assignment in this chain is the organisation's word: the chain would have the authority to assert
    // the member's employment (the evaluator's rule, so an unverified or third-party chain never qualifies).
    private static bool SpeaksForOrganization(Chain chain, IdentityProof? proof, EntityId member, EntityId organization) =>
        TrustEvaluator.IsAssertedByAuthority(
            new RelationshipClaim(new EmploymentRelationship(member, organization), chain.Uri, TrustStatus.Unverified) { IsAsserterIdentityVerified = chain.IsIdentityVerified, AsserterProof = proof });
}
