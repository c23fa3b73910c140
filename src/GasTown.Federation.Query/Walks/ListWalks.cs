using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Query;

/// <summary>
/// The <see cref="PageWalk"/> steps of each listing: the same pages, in the same order and with the same tokens, as its
/// page query (<see cref="FederationQueries.ListByRemotePageAsync"/>, <see cref="FederationQueries.ListByOrganizationPageAsync"/>,
/// <see cref="FederationQueries.GetReadyWorkPageAsync"/>, <see cref="FederationQueries.AuditPageAsync"/>; a project's walk is <see cref="ProjectListWalk"/>), except that
/// once the index declines the whole listing is loaded once for the rest of the walk, not once per page.
/// </summary>
internal static class ListWalks
{
    public static PageWalkSteps<WorkListPage, WorkListResult> Remote(string remoteName, WorkFilter filter, int pageSize)
    {
        return new(
            async (context, after, ct) => context.Index is { } index
                ? await IndexedRemoteListQuery.TryPageAsync(context, index, remoteName, filter, pageSize, after, ct).ConfigureAwait(false)
                : null,
            async (context, ct) => await RemoteListQuery.LoadAsync(context, await RemoteListQuery.ResolveAsync(context, remoteName, ct).ConfigureAwait(false), filter, ct).ConfigureAwait(false),
            (whole, after) => LoadedPages.Pages(whole.Items, after, PagedList.Remote(whole.Chain, filter), pageSize, RemoteListQuery.KeyOf, (items, next) => new WorkListPage(whole with { Items = items }, next)),
            page => page.Next,
            page => page.Result.Chains);
    }

    public static PageWalkSteps<OrganizationWorkPage, OrganizationWorkResult> Organization(EntityId organization, WorkFilter filter, int pageSize)
    {
        var list = PagedList.Organization(organization, filter);
        return new(
            async (context, after, ct) => context.Index is { } index
                ? await IndexedOrganizationQuery.TryPageAsync(context, index, organization, filter, pageSize, QueryPageToken.Decode(list, after), ct).ConfigureAwait(false)
                : null,
            (context, ct) => OrganizationQuery.LoadAsync(context, organization, filter, ct),
            (whole, after) => LoadedPages.Pages(whole.Items, after, list, pageSize, static i => i.WorkUnit.Uri.ToString(), (items, next) => new OrganizationWorkPage(whole with { Items = items }, next)),
            page => page.Next,
            page => page.Result.Chains);
    }

    public static PageWalkSteps<ReadyWorkPage, ReadyWorkResult> Ready(WorkFilter filter, int pageSize)
    {
        var list = PagedList.Ready(filter);
        return new(
            async (context, after, ct) => context.Index is { } index
                ? await IndexedReadyPage.TryRunAsync(context, index, filter, pageSize, ReadyPagePosition.Decode(list, after), ct).ConfigureAwait(false)
                : null,
            (context, ct) => ReadyQuery.RunAsync(context, ct),
            (whole, after) => ReadyPages(whole, filter, list, ReadyPagePosition.Decode(list, after), pageSize),
            page => page.Next,
            page => page.Chains);
    }

    public static PageWalkSteps<AuditPage, AuditResult> Audit(ActorPattern pattern, DateTimeOffset? since, int pageSize, ICommitHistorySource? commits, IEventSignatureVerifier? signatures)
    {
        var list = PagedList.Audit(pattern);
        return new(
            (context, after, ct) => AuditQuery.TryIndexPageAsync(context, pattern, since, pageSize, after, commits, signatures, ct),
            (context, ct) => AuditQuery.LoadAsync(context, pattern, since, commits, signatures, ct),
            (whole, after) => AuditQuery.Pages(whole, list, AuditPagePosition.Decode(list, after), pageSize),
            page => page.Next,
            page => page.Result.Chains);
    }

    // As ReadyPageQuery cuts a page from the whole answer: the ready units the filter keeps, after the position.
    private static IEnumerable<ReadyWorkPage> ReadyPages(ReadyWorkResult whole, WorkFilter filter, PagedList list, ReadyPagePosition? after, int pageSize)
    {
        var items = new List<WorkUnitSummary>();
        var blocked = new ReadyBlockedCursor(whole, filter, after);
        foreach (var unit in whole.Ready)
        {
            if (!filter.Matches(unit) || (after is not null && !after.IsBefore(unit)))
            {
                continue;
            }

            if (items.Count == pageSize)
            {
                yield return new ReadyWorkPage(items, whole.Unreachable, whole.Chains, whole.Truncations, ReadyPagePosition.Of(items[^1]).Encode(list))
                {
                    Blocked = blocked.CountThrough(items[^1]),
                };
                items = [];
            }

            items.Add(unit);
        }

        yield return new ReadyWorkPage(items, whole.Unreachable, whole.Chains, whole.Truncations, null) { Blocked = blocked.CountThrough(null) };
    }
}
