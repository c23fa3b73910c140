using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// A project's tree read from an <see cref="IQueryIndex"/> exactly as <see cref="ProjectQuery"/> walks the loaded graph:
/// the project is found as a load finds it (a short form resolved against the local town), and its descendants by
/// reverse parent-child edges, transitively, level by level, each level asking the index for the edge rows that name its
/// units' ids only (no line read) and resolving each as the graph does (the chain's routes and the index's id lookup).
/// The walk holds each descendant's URI, status and type; lines are read only for the units a listing returns.
/// </summary>
/// <remarks>
/// A load of a project reads its chain alone (a descendants walk reaches only units that depend on units it has, so it
/// crosses into no other chain); the same holds here, so a child written in another chain is no more listed here than
/// there. A walk the node limit cuts keeps an order of edges the index does not hold: declined, as is anything the
/// index cannot describe exactly (the chain, an id it cannot place, a short form it cannot resolve). With delegated
/// work asked for, it answers only when the project's chain holds no delegation in any form
/// (<see cref="IQueryIndexReader.HoldsDelegations"/>): a load then meets none (delegations asserted elsewhere are in
/// chains it never reads), so the walk is the same, with no portion and no claim.
/// </remarks>
internal sealed class IndexedProjectWalk
{
    private readonly QueryContext _context;
    private readonly IQueryIndexReader _reader;
    private readonly TouchedChains _chains;
    private readonly QueryIndexChain _chain;
    private readonly WorkUnitSummary _project;
    private readonly List<QueryIndexChildEdge> _descendants;
    private readonly FederationWalkStop _stop;

    private IndexedProjectWalk(QueryContext context, IQueryIndexReader reader, TouchedChains chains, QueryIndexChain chain, WorkUnitSummary project, List<QueryIndexChildEdge> descendants, FederationWalkStop stop)
    {
        _context = context;
        _reader = reader;
        _chains = chains;
        _chain = chain;
        _project = project;
        _descendants = descendants;
        _stop = stop;
    }

    /// <summary>
    /// Walks the project's tree, or returns null when the index cannot answer exactly. Throws the error a load throws for
    /// a project its chain does not have.
    /// </summary>
    /// <exception cref="FederationQueryException">No such project (<see cref="FederationQueryError.NotFound"/>).</exception>
    /// <exception cref="IndexCannotAnswerException">An id the index cannot place exactly.</exception>
    public static IndexedProjectWalk? TryWalk(QueryContext context, IQueryIndexReader reader, string reference, bool includeDelegated, CancellationToken cancellationToken)
    {
        var chains = new TouchedChains(reader, context);
        if (!IndexReferences.TryResolveUserReference(context, reader, chains, reference, out var uri))
        {
            // As QueryContext.ResolveUserReferenceAsync, whose errors (no local town, an unreadable one, a bad short form) a load says.
            return null;
        }

        // A chain the index cannot describe, or one that is not available (a load says why, at no cost), is left to a load.
        if (chains.Get(uri) is not { Unavailable: null } chain || !reader.TryFindWorkUnit(chain.Uri, uri.WorkId!, out var project))
        {
            return null;
        }

        // A load of the project reads its chain alone (a short form's local town is that chain), so the delegations it can
        // meet are that chain's claims: with none, the walk over delegations is the tree's, with no portion and no claim.
        if (includeDelegated && reader.HoldsDelegations(chain.Uri))
        {
            return null;
        }

        if (project is null)
        {
            QuerySource.Mark(QuerySource.Index);
            throw ProjectQuery.NotFound(chain.Uri, uri);
        }

        return Walk(context, reader, chains, chain, project, cancellationToken);
    }

    /// <summary>The project's URI, as its chain names it.</summary>
    public GtUri Project => _project.Uri;

    /// <summary>The listing's order: every unit of the tree that passes <paramref name="filter"/>, by URI (ordinal), without reading a line.</summary>
    public List<GtUri> Matching(WorkFilter filter)
    {
        var uris = new List<GtUri>();
        if (filter.Matches(_project))
        {
            uris.Add(_project.Uri);
        }

        foreach (var edge in _descendants)
        {
            if ((filter.Status is not { } status || edge.Status == status) && (filter.IssueType is not { } type || edge.IssueType == type))
            {
                uris.Add(edge.Child);
            }
        }

        uris.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return uris;
    }

    /// <summary>The work units at <paramref name="uris"/> (from <see cref="Matching"/>), each parsed from its line, in that order.</summary>
    /// <exception cref="IndexCannotAnswerException">A unit the index no longer has, or one whose line disagrees with its row.</exception>
    public List<WorkUnitSummary> Read(IReadOnlyList<GtUri> uris, WorkFilter filter)
    {
        var wanted = uris.Where(u => u != _project.Uri).ToList();
        var read = wanted.Count == 0 ? [] : _reader.GetWorkUnitsByUri(_chain.Uri, wanted);
        var byUri = read.ToDictionary(u => u.Uri.ToString(), StringComparer.Ordinal);
        var items = new List<WorkUnitSummary>(uris.Count);
        foreach (var uri in uris)
        {
            var unit = uri == _project.Uri ? _project : byUri.GetValueOrDefault(uri.ToString());
            if (unit is null || !filter.Matches(unit))
            {
                throw new IndexCannotAnswerException();
            }

            items.Add(unit);
        }

        return items;
    }

    /// <summary>The listing with these items: as a load of the same chain reports it.</summary>
    public ProjectWorkResult Result(IReadOnlyList<WorkUnitSummary> items)
    {
        var truncations = _stop == FederationWalkStop.DepthLimit
            ? [LazyWalker.DepthTruncation(_context.Options, _descendants.Count + 1, _project.Uri.ToString())]
            : new List<Truncation>();
        return new ProjectWorkResult(_project.Uri, items, [], [], [], _stop, _chains.States(), truncations);
    }

    private static IndexedProjectWalk Walk(QueryContext context, IQueryIndexReader reader, TouchedChains chains, QueryIndexChain chain, WorkUnitSummary project, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var resolver = IndexReferences.ContextFor(reader, chain, null, new Dictionary<string, string?>(StringComparer.Ordinal));
        var visited = new HashSet<string>(StringComparer.Ordinal) { WorkUnitKey.Of(project.Uri) };
        var descendants = new List<QueryIndexChildEdge>();
        var frontier = new List<GtUri> { project.Uri };
        var stop = FederationWalkStop.Complete;
        for (var depth = 0; frontier.Count > 0; depth++)
        {
            // A deep or wide tree is many index reads: a cancelled query stops between levels.
            cancellationToken.ThrowIfCancellationRequested();
            var keys = frontier.Select(WorkUnitKey.Of).ToHashSet(StringComparer.Ordinal);
            var next = new List<GtUri>();
            foreach (var edge in reader.GetChildEdges(chain.Uri, [.. frontier.Select(u => u.WorkId!)]))
            {
                // The id alone does not say which unit the text names: it must resolve, in the chain's context, to one of this level's.
                if (!ReferenceResolver.TryResolve(resolver, edge.DependsOnId, out var parent, out _) || !keys.Contains(WorkUnitKey.Of(parent))
                    || visited.Contains(WorkUnitKey.Of(edge.Child)))
                {
                    continue;
                }

                if (depth >= options.MaxDepth)
                {
                    // As the graph's walk: a level at the depth bound is not expanded, and a new unit beyond it means a cut.
                    stop = FederationWalkStop.DepthLimit;
                    break;
                }

                if (visited.Count == options.MaxNodes)
                {
                    // Which units a node-limited walk keeps depends on the graph's edge order, which the index does not keep.
                    throw new IndexCannotAnswerException();
                }

                visited.Add(WorkUnitKey.Of(edge.Child));
                descendants.Add(edge);
                next.Add(edge.Child);
            }

            frontier = next;
        }

        return new IndexedProjectWalk(context, reader, chains, chain, project, descendants, stop);
    }
}
