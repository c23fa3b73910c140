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
        if (context.Index is { } index && await IndexedOrganizationQuery.TryListAsync(context, index, organization, filter, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        return await LoadAsync(context, organization, filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of the listing, in its order: after the unit whose URI <paramref name="after"/> names, at most
    /// <paramref name="limit"/> items. From the index when it can answer exactly (reading the page's rows only), else
    /// the loaded listing cut to the page.
    /// </summary>
    public static async ValueTask<OrganizationWorkPage> PageAsync(QueryContext context, EntityId organization, WorkFilter filter, int limit, string? after, CancellationToken cancellationToken)
    {
        var list = PagedList.Organization(organization, filter);
        var afterUri = QueryPageToken.Decode(list, after);
        if (context.Index is { } index
            && await IndexedOrganizationQuery.TryPageAsync(context, index, organization, filter, limit, afterUri, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        var full = await LoadAsync(context, organization, filter, cancellationToken).ConfigureAwait(false);
        var (items, next) = LoadedPages.Page(full.Items, LoadedPages.StartAfter(full.Items, afterUri, KeyOf), limit, KeyOf, list);
        return new OrganizationWorkPage(full with { Items = items }, next);
    }

    /// <summary>The listing from every known chain loaded in memory.</summary>
    public static async ValueTask<OrganizationWorkResult> LoadAsync(QueryContext context, EntityId organization, WorkFilter filter, CancellationToken cancellationToken)
    {
        QuerySource.Mark(QuerySource.Chains);
        await context.Session.LoadAllKnownAsync(cancellationToken).ConfigureAwait(false);
        var chains = context.Session.Loaded;

        var membership = OrganizationMembership.Judge(context.Session.Claims, organization);
        var members = membership.Members;
        var unverified = membership.Unverified;

        var items = new List<MemberWorkItem>();
        foreach (var chain in chains)
        {
            var ownChain = membership.OwnsChain(chain.Uri, chain.IsIdentityVerified);
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
                else if (membership.TryGetMember(unit.Unit.Assignee, out var assigneeEntity)
                    && OrganizationMembership.SpeaksForOrganization(chain.Uri, chain.IsIdentityVerified, context.Session.ProofOf(chain.Uri), assigneeEntity, organization))
                {
                    items.Add(new MemberWorkItem(Summaries.Of(chain, unit), assigneeEntity, WorkAttribution.Assignee));
                }
            }
        }

        items.Sort(Compare);
        return new OrganizationWorkResult(organization, [.. members.Values], unverified, items, [.. context.Session.FailedChains()],
            context.Session.States(), [.. context.Session.ChainTruncations()]);
    }

    /// <summary>An item's key in the listing's order and its page tokens: the unit's URI (a unit is listed once).</summary>
    public static string KeyOf(MemberWorkItem item) => item.WorkUnit.Uri.ToString();

    /// <summary>The listing's order: by URI, then member.</summary>
    public static int Compare(MemberWorkItem a, MemberWorkItem b) =>
        WorkUnitSummary.CompareByUri(a.WorkUnit, b.WorkUnit) is var c && c != 0 ? c : string.CompareOrdinal(a.Member.Value, b.Member.Value);
}
