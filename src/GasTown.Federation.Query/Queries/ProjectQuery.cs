using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <c>bd list --project=URI [--include-delegated]</c>: the project, its descendants (reverse
/// parent-child, transitively) and, when asked, everything delegated from any of them to other chains,
/// transitively, with each delegated portion's completion cascaded up.
/// </summary>
internal static class ProjectQuery
{
    public static async ValueTask<ProjectWorkResult> RunAsync(
        QueryContext context, string projectReference, bool includeDelegated, WorkFilter filter, CancellationToken cancellationToken)
    {
        if (context.Index is { } index
            && await IndexedProjectQuery.TryListAsync(context, index, projectReference, includeDelegated, filter, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        return await LoadAsync(context, projectReference, includeDelegated, filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of the listing, in its order (by URI): after the unit whose URI <paramref name="after"/>'s token names, at
    /// most <paramref name="limit"/> items. From the index when it can answer exactly (the walk holds keys only and the
    /// page's lines alone are read); else the loaded listing cut to the page: the same answer, but its memory is the
    /// whole walk's (every chain it reads, loaded), not the page's.
    /// </summary>
    public static async ValueTask<ProjectWorkPage> PageAsync(
        QueryContext context, string projectReference, bool includeDelegated, WorkFilter filter, int limit, string? after, CancellationToken cancellationToken)
    {
        if (context.Index is { } index
            && await IndexedProjectQuery.TryPageAsync(context, index, projectReference, includeDelegated, filter, limit, after, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        var full = await LoadAsync(context, projectReference, includeDelegated, filter, cancellationToken).ConfigureAwait(false);
        var list = PagedList.Project(full.Project, includeDelegated, filter);
        var (items, next) = LoadedPages.Page(full.Items, LoadedPages.StartAfter(full.Items, QueryPageToken.Decode(list, after), KeyOf), limit, KeyOf, list);
        return new ProjectWorkPage(full with { Items = items }, next);
    }

    private static string KeyOf(WorkUnitSummary unit) => unit.Uri.ToString();

    /// <summary>What a load throws for a project its chain does not have (the indexed walk throws the same).</summary>
    public static FederationQueryException NotFound(GtUri chain, GtUri project) =>
        new(FederationQueryError.NotFound, $"Chain {chain} has no work unit '{project.WorkId}' to list as a project.", project.ToString())
        {
            Reason = UnreachableReason.UnknownId,
            Chain = chain,
        };

    /// <summary>The listing from the chains the walk loads, in memory.</summary>
    public static async ValueTask<ProjectWorkResult> LoadAsync(
        QueryContext context, string projectReference, bool includeDelegated, WorkFilter filter, CancellationToken cancellationToken)
    {
        QuerySource.Mark(QuerySource.Chains);
        var project = await context.ResolveUserReferenceAsync(projectReference, cancellationToken).ConfigureAwait(false);
        var attempt = await context.Session.GetAsync(project, cancellationToken).ConfigureAwait(false);
        if (attempt.Chain is not { } chain)
        {
            throw QueryContext.Unavailable(attempt, project.ToString());
        }

        if (!chain.TryGetWorkUnit(project.WorkId!, out var projectUnit))
        {
            throw NotFound(chain.Uri, project);
        }

        var spec = includeDelegated ? FederationWalkSpec.ProjectWithDelegated : FederationWalkSpec.Descendants;
        var outcome = await context.Walker.WalkAsync([projectUnit.Uri], spec, cancellationToken).ConfigureAwait(false);
        var snapshot = outcome.Snapshot;

        var visited = new HashSet<int>();
        var items = new List<WorkUnitSummary>();
        foreach (var node in outcome.Walk.Nodes)
        {
            visited.Add(node);
            if (snapshot.Units[node] is { } unit && filter.Matches(unit.Unit))
            {
                items.Add(Summaries.Of(context.Session, unit));
            }
        }

        items.Sort(WorkUnitSummary.CompareByUri);
        var delegations = includeDelegated ? Portions(context, snapshot, visited) : [];
        var visitedKeys = new HashSet<string>(visited.Select(n => WorkUnitKey.Of(snapshot.NodeUris[n])), StringComparer.Ordinal);
        // The claims keep their typed relationship: the parent is read from it, never parsed back from text.
        var unverified = includeDelegated
            ? snapshot.UnverifiedDelegations.Where(c => c.Relationship is DelegationRelationship d && visitedKeys.Contains(WorkUnitKey.Of(d.Parent))).ToList()
            : [];
        return new ProjectWorkResult(projectUnit.Uri, items, delegations, unverified, outcome.Unreachable, outcome.Walk.Stop,
            context.Session.States(), outcome.Truncations);
    }

    private static List<DelegatedPortion> Portions(QueryContext context, FederationSnapshot snapshot, HashSet<int> visited)
    {
        var portions = new List<DelegatedPortion>();
        var groups = snapshot.Delegations
            .Where(d => visited.Contains(d.ParentNode))
            .GroupBy(d => (Parent: snapshot.NodeUris[d.ParentNode], Portion: d.Relationship.Terms?.Portion));
        foreach (var group in groups.OrderBy(g => g.Key.Parent.ToString(), StringComparer.Ordinal).ThenBy(g => g.Key.Portion, StringComparer.Ordinal))
        {
            var children = group
                .Select(d => Child(context, snapshot, d))
                .OrderBy(c => c.Uri.ToString(), StringComparer.Ordinal)
                .ToList();
            var deadline = group.Select(d => d.Relationship.Terms?.Deadline).FirstOrDefault(x => x is not null);
            portions.Add(new DelegatedPortion(group.Key.Parent, group.Key.Portion, deadline, FollowedDelegation.IsPortionComplete(children.Select(c => c.IsClosed)), children));
        }

        return portions;
    }

    private static DelegatedChild Child(QueryContext context, FederationSnapshot snapshot, DelegationLink link)
    {
        var owner = link.Child.Entity;
        if (snapshot.Units[link.ChildNode] is not { } child)
        {
            var item = context.Walker.Describe(snapshot, link.ChildNode, link.Parent);
            return new DelegatedChild(snapshot.NodeUris[link.ChildNode], null, false, null, null, owner, link.AcceptedByChild, item.Reason);
        }

        var unit = child.Unit;
        return new DelegatedChild(
            child.Uri,
            unit.Status,
            unit.IsClosed,
            unit.IsClosed ? unit.ClosedAt : null,
            ClosingActor.Of(unit),
            owner,
            link.AcceptedByChild,
            null);
    }
}
