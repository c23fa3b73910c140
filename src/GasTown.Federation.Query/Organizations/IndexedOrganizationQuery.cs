using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="OrganizationQuery"/> answered from an <see cref="IQueryIndex"/> (see <see cref="IndexedOrganizationPlan"/>):
/// the whole listing reads the lines of the members' work units only; a page reads, per member chain, the next URIs from
/// the index and then the lines of the page's own rows. Null, and the caller loads the chains, whenever the index cannot
/// answer exactly; whatever the index throws (a damaged file, a disk error) is logged and never fails the query.
/// </summary>
internal static class IndexedOrganizationQuery
{
    public static ValueTask<OrganizationWorkResult?> TryListAsync(QueryContext context, IQueryIndex index, EntityId organization, WorkFilter filter, CancellationToken cancellationToken)
        => TryAsync(context, index, organization, "list --org", (reader, plan) =>
        {
            var items = new List<MemberWorkItem>();
            foreach (var scope in plan.Scopes)
            {
                items.AddRange(reader.GetWorkUnits(scope, filter).Select(u => plan.ItemOf(u, filter)));
            }

            items.Sort(OrganizationQuery.Compare);
            return plan.Result(items);
        }, cancellationToken);

    public static ValueTask<OrganizationWorkPage?> TryPageAsync(QueryContext context, IQueryIndex index, EntityId organization, WorkFilter filter, int limit, string? afterUri, CancellationToken cancellationToken)
        => TryAsync(context, index, organization, "list --org (page)", (reader, plan) =>
        {
            // Each URI is one unit here (an exact chain has no id twice), so the order by URI is the listing's order.
            var units = reader.GetWorkUnitsPage(plan.Scopes, filter, afterUri, limit + 1);
            var items = units.Select(u => plan.ItemOf(u, filter)).ToList();
            string? next = null;
            if (items.Count > limit)
            {
                items.RemoveRange(limit, items.Count - limit);
                next = QueryPageToken.Encode(PagedList.Organization(organization, filter), items[^1].WorkUnit.Uri.ToString());
            }

            return new OrganizationWorkPage(plan.Result(items), next);
        }, cancellationToken);

    private static ValueTask<T?> TryAsync<T>(QueryContext context, IQueryIndex index, EntityId organization, string query, Func<IQueryIndexReader, IndexedOrganizationPlan, T> run, CancellationToken cancellationToken)
        where T : class
        => IndexAttempt.RunAsync(context, index, query,
            reader => IndexedOrganizationPlan.TryBuild(context, reader, organization) is { } plan ? run(reader, plan) : null, cancellationToken);
}
