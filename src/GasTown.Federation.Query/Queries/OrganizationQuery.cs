using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <c>bd list --org=ENTITY</c>. Members are the entities the organisation's own chains assert employment
/// of (claims asserted anywhere else are reported as unverified and their work is not counted). A
/// member's work, across every known chain, is every work unit of the chains the member owns (chain
/// entity = member) plus every work unit elsewhere whose <c>assignee</c> is the member's entity.
/// </summary>
internal static class OrganizationQuery
{
    public static async ValueTask<OrganizationWorkResult> RunAsync(QueryContext context, EntityId organization, WorkFilter filter, CancellationToken cancellationToken)
    {
        await context.Session.LoadAllKnownAsync(cancellationToken).ConfigureAwait(false);
        var chains = context.Session.Loaded;

        var members = new SortedDictionary<string, OrganizationMember>(StringComparer.Ordinal);
        var claimsElsewhere = new List<(EmploymentRelationship Employment, GtUri AssertedBy)>();
        foreach (var chain in chains)
        {
            foreach (var claim in chain.Relationships)
            {
                if (claim.Relationship is not EmploymentRelationship employment || employment.Organization != organization)
                {
                    continue;
                }

                // Only the organisation's own chain has the authority to say who it employs.
                if (claim.AssertedBy.Entity == organization)
                {
                    members.TryAdd(employment.Entity.Value, new OrganizationMember(employment.Entity.Value, claim.AssertedBy.ChainUri.ToString()));
                }
                else
                {
                    claimsElsewhere.Add((employment, claim.AssertedBy.ChainUri));
                }
            }
        }

        var unverified = claimsElsewhere
            .Where(c => !members.ContainsKey(c.Employment.Entity.Value))
            .Select(c => new UnverifiedClaim("employment", c.Employment.Entity.Value, organization.Value, c.AssertedBy.ToString(),
                $"Only {c.AssertedBy} claims this employment; a chain owned by {organization} must assert it in federation/relationships.jsonl."))
            .OrderBy(c => c.Subject, StringComparer.Ordinal).ThenBy(c => c.AssertedBy, StringComparer.Ordinal)
            .ToList();

        var items = new List<MemberWorkItem>();
        foreach (var chain in chains)
        {
            var owner = chain.Uri.Entity.Value;
            var ownChain = members.ContainsKey(owner);
            foreach (var unit in chain.WorkUnits)
            {
                var summary = Summaries.Of(unit);
                if (!filter.Matches(summary))
                {
                    continue;
                }

                if (ownChain)
                {
                    items.Add(new MemberWorkItem(summary, owner, WorkAttribution.OwnChain));
                }
                else if (unit.Unit.Assignee is { } assignee && EntityId.TryParse(assignee, out var assigneeEntity) && members.ContainsKey(assigneeEntity.Value))
                {
                    items.Add(new MemberWorkItem(summary, assigneeEntity.Value, WorkAttribution.Assignee));
                }
            }
        }

        items.Sort((a, b) => string.CompareOrdinal(a.WorkUnit.Uri, b.WorkUnit.Uri) is var c && c != 0 ? c : string.CompareOrdinal(a.Member, b.Member));
        return new OrganizationWorkResult(organization.Value, [.. members.Values], unverified, items, [.. context.Session.FailedChains()]);
    }
}
