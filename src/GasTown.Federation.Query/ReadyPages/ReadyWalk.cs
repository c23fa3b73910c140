using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Decides whether one candidate is ready by <see cref="ReadyQuery"/>'s rules, reading from the index only the rows the
/// decision reaches: the candidate's own edges, its direct parents (a parent deferred to the future hides it), and its
/// ancestors through parent-child edges (a unit is blocked when it or any ancestor, of any status, is an unfinished unit
/// with a blocker: an unfinished unit, a unit no chain has, a reference that does not resolve, a chain that is not
/// available or past the chain limit; its blockers are its blocking edges' targets and the children it delegated, as
/// the loaded chains' claims about it decide). What it reads is remembered for the page (bounded: forgotten past <see cref="MaxRemembered"/> units) so
/// candidates sharing ancestors read them once.
/// </summary>
internal sealed class ReadyWalk
{
    private const int MaxRemembered = 50_000;

    // The most ancestors one candidate's walk reads before the page declines (and the whole answer is cut to it): a remote
    // that writes a parent-child chain a million deep must not make each candidate read a million rows.
    private const int MaxAncestors = 10_000;

    private readonly IQueryIndexReader _reader;
    private readonly HashSet<GtUri> _known;
    private readonly Dictionary<GtUri, QueryIndexChain> _available;
    private readonly DateTimeOffset _now;
    private readonly IndexedUnitStates _states;
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _blocked = new(StringComparer.Ordinal);

    public ReadyWalk(IQueryIndexReader reader, TouchedChains chains, IEnumerable<GtUri> known, Dictionary<GtUri, QueryIndexChain> available, DateTimeOffset now)
    {
        _reader = reader;
        _known = known.Select(k => k.ChainUri).ToHashSet();
        _states = new IndexedUnitStates(reader, chains, _known);
        _available = available;
        _now = now;
    }

    /// <summary>Whether a candidate (a row the index returned as one) is ready.</summary>
    public bool IsReady(QueryIndexUnitState candidate) => Judge(candidate) == ReadyJudgement.Ready;

    /// <summary>
    /// What the whole answer makes of a candidate: ready, hidden (a child of a parent deferred to the future: in neither
    /// list), or blocked (in <see cref="ReadyWorkResult.Blocked"/>).
    /// </summary>
    public ReadyJudgement Judge(QueryIndexUnitState candidate)
    {
        if (_nodes.Count + _states.Count + _blocked.Count > MaxRemembered)
        {
            _nodes.Clear();
            _states.Forget();
            _blocked.Clear();
        }

        var node = NodeOf(candidate);
        foreach (var parent in node.Parents)
        {
            if (_states.Of(parent) is { DeferUntil: { } until } && until > _now)
            {
                return ReadyJudgement.Hidden;
            }
        }

        return IsBlocked(candidate) ? ReadyJudgement.Blocked : ReadyJudgement.Ready;
    }

    // Blocked when some unit in its ancestry (itself included) has a blocker of its own: what ReadyQuery's propagation to
    // children, transitively, amounts to. A unit whose ancestry is known to hold none stops the walk there.
    private bool IsBlocked(QueryIndexUnitState unit)
    {
        var key = WorkUnitKey.Of(unit.Uri);
        if (_blocked.TryGetValue(key, out var known))
        {
            return known;
        }

        var visited = new HashSet<string>(StringComparer.Ordinal) { key };
        var queue = new Queue<QueryIndexUnitState>([unit]);
        var blocked = false;
        while (queue.Count > 0 && !blocked)
        {
            var current = queue.Dequeue();
            var currentKey = WorkUnitKey.Of(current.Uri);
            if (currentKey != key && _blocked.TryGetValue(currentKey, out var ancestry))
            {
                blocked = ancestry;
                continue;
            }

            var node = NodeOf(current);
            if (node.HasBlocker)
            {
                blocked = true;
                break;
            }

            foreach (var parent in node.Parents)
            {
                // A parent no available chain holds has no edges the index could follow (nor would the loaded graph).
                if (_states.Of(parent) is { } state && visited.Add(WorkUnitKey.Of(state.Uri)))
                {
                    if (visited.Count > MaxAncestors)
                    {
                        throw new IndexCannotAnswerException();
                    }

                    queue.Enqueue(state);
                }
            }
        }

        if (!blocked)
        {
            // Every unit this walk reached had its whole ancestry read and found clean: none is blocked, and the next
            // candidate under them stops there instead of reading the same ancestry again.
            foreach (var reached in visited)
            {
                _blocked[reached] = false;
            }
        }

        _blocked[key] = blocked;
        return blocked;
    }

    private Node NodeOf(QueryIndexUnitState unit)
    {
        var key = WorkUnitKey.Of(unit.Uri);
        if (_nodes.TryGetValue(key, out var node))
        {
            return node;
        }

        var chain = _available.TryGetValue(unit.Uri.ChainUri, out var c) ? c : throw new IndexCannotAnswerException();
        var context = IndexReferences.ContextFor(_reader, chain, null);
        var parents = new List<GtUri>();
        var hasBlocker = false;
        foreach (var dependency in _reader.GetUnitDependencies(unit.Uri))
        {
            var isParent = string.Equals(dependency.Type, "parent-child", StringComparison.Ordinal);
            var isBlocking = dependency.Type is "blocks" or "conditional-blocks" or "waits-for"
                && FederationEdgeKinds.Blocking.Contains(FederationEdgeKindExtensions.FromDependencyType(dependency.Type));
            if (!isParent && (!isBlocking || hasBlocker || unit.Status.IsClosed))
            {
                // Only an unfinished unit's blockers count (ReadyQuery gives closed units none); one is enough.
                continue;
            }

            var resolved = ReferenceResolver.TryResolve(context, dependency.DependsOnId, out var target, out _);
            if (isParent)
            {
                if (resolved)
                {
                    parents.Add(target);
                }

                continue;
            }

            hasBlocker = !resolved || Blocks(target);
        }

        if (!hasBlocker && !unit.Status.IsClosed)
        {
            // A delegating parent waits for each child it delegated (the claims about it, judged as the loaded graph does).
            foreach (var child in DelegatedChildren(unit.Uri))
            {
                if (Blocks(child))
                {
                    hasBlocker = true;
                    break;
                }
            }
        }

        node = new Node(hasBlocker, parents);
        _nodes[key] = node;
        return node;
    }

    // A blocker blocks until closed; one that cannot be reached (no such unit, an unavailable chain) blocks too.
    private bool Blocks(GtUri target)
    {
        if (!_known.Contains(target.ChainUri))
        {
            // A chain no one registered: the whole answer tries it after the known ones and finds no unit there (it is not
            // registered, or past the chain limit), so the target blocks. The page need not try it: it holds no candidate.
            return true;
        }

        return _states.Of(target) is not { } state || !state.Status.IsClosed;
    }

    /// <summary>The children of the delegations about a parent that the loaded chains' claims make the graph follow.</summary>
    private IEnumerable<GtUri> DelegatedChildren(GtUri parent)
    {
        var claims = _reader.GetDelegationClaimsAbout(parent);
        if (claims.Count == 0)
        {
            return [];
        }

        // Only the chains the loading path would load make claims (a chain past the limit is not read).
        var loaded = claims.Where(c => _available.ContainsKey(c.AssertedBy.ChainUri)).Select(IndexedReadyQuery.Claim).ToList();
        return FollowedDelegation.Select(TrustEvaluator.Evaluate(loaded), null).Select(f => f.Relationship.Child);
    }

    private sealed record Node(bool HasBlocker, List<GtUri> Parents);
}
