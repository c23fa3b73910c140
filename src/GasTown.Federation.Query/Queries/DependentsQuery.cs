using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// Who depends on a work unit: every edge of another unit, in every known chain, whose reference resolves (with its
/// own chain's routes, as <see cref="ShowQuery"/> resolves a dependency) to that unit. Loaded, every known chain is read
/// and every edge resolved; from the index, only the edges whose reference names the unit's id are read
/// (<see cref="IndexedDependentsQuery"/>), with the same answer.
/// </summary>
internal static class DependentsQuery
{
    public static async ValueTask<DependentsResult> RunAsync(QueryContext context, string reference, CancellationToken cancellationToken)
    {
        if (context.Index is { } index && await IndexedDependentsQuery.TryRunAsync(context, index, reference, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        return await LoadAsync(context, reference, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of the answer (<see cref="DependentUnits{TEdge}"/>): from the index when it can answer exactly (only the
    /// page's units' lines are parsed), else the loaded answer cut to the page.
    /// </summary>
    public static async ValueTask<DependentsPage> PageAsync(QueryContext context, string reference, int limit, string? after, CancellationToken cancellationToken)
    {
        if (context.Index is { } index && await IndexedDependentsQuery.TryPageAsync(context, index, reference, limit, after, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        var whole = await LoadAsync(context, reference, cancellationToken).ConfigureAwait(false);
        var list = PagedList.Dependents(whole.Target);
        var units = UnitsOf(whole);
        var (page, _, next) = units.Page(list, units.StartAfter(QueryPageToken.Decode(list, after)), limit);
        return PageOf(whole, units, page, next);
    }

    /// <summary>
    /// The <see cref="PageWalk"/> steps over every page of the answer, as <see cref="PageAsync"/> gives them, except that
    /// the edges are resolved once for the whole walk (from the walk's one index reader), and each page parses only its own
    /// units' lines; once the index declines, the answer is loaded once and the rest cut from it.
    /// </summary>
    public static PageWalkSteps<DependentsPage, DependentsResult> Walk(string reference, int pageSize)
    {
        ResolvedDependents? resolved = null;
        return new(
            async (context, after, ct) => context.Index is { } index
                ? await IndexAttempt.RunAsync(context, index, "dependents (walk)", reader =>
                    (resolved ??= IndexedDependentsQuery.Resolve(context, reader, reference)) is { } edges
                        ? IndexedDependentsQuery.ReadPage(reader, edges, after, pageSize)
                        : null, ct).ConfigureAwait(false)
                : null,
            (context, ct) => LoadAsync(context, reference, ct),
            (whole, after) =>
            {
                var list = PagedList.Dependents(whole.Target);
                var units = UnitsOf(whole);
                return Pages(whole, units, list, units.StartAfter(QueryPageToken.Decode(list, after)), pageSize);
            },
            page => page.Next,
            page => page.Result.Chains);
    }

    /// <summary>The answer from every known chain loaded in memory.</summary>
    private static async ValueTask<DependentsResult> LoadAsync(QueryContext context, string reference, CancellationToken cancellationToken)
    {
        QuerySource.Mark(QuerySource.Chains);
        var target = await context.ResolveUserReferenceAsync(reference, cancellationToken).ConfigureAwait(false);
        await context.Session.LoadAllKnownAsync(cancellationToken).ConfigureAwait(false);
        var key = WorkUnitKey.Of(target);
        var found = new List<(GtUri Uri, DependentWorkUnit Edge)>();
        foreach (var chain in context.Session.Loaded)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var resolver = ReferenceResolver.ContextFor(chain);
            foreach (var unit in chain.WorkUnits)
            {
                if (WorkUnitKey.Of(unit.Uri) == key)
                {
                    continue;
                }

                WorkUnitSummary? summary = null;
                foreach (var dependency in unit.Unit.Dependencies)
                {
                    if (ReferenceResolver.TryResolve(resolver, dependency.DependsOnId, out var named, out _) && WorkUnitKey.Of(named) == key)
                    {
                        summary ??= Summaries.Of(chain, unit);
                        found.Add((unit.Uri, new DependentWorkUnit(summary, dependency.Type, dependency.DependsOnId)));
                    }
                }
            }
        }

        return new DependentsResult(target, [.. new DependentUnits<DependentWorkUnit>(found).All.Select(f => f.Edge)], [.. context.Session.FailedChains()], context.Session.States(), [.. context.Session.ChainTruncations()])
        {
            TargetUnreachable = TargetUnreachable(context, target),
        };
    }

    /// <summary>Why the target itself was not reached, from the chains already asked for (no chain is loaded for it).</summary>
    private static UnreachableItem? TargetUnreachable(QueryContext context, GtUri target)
    {
        if (!context.Session.TryGetAttempt(target, out var attempt))
        {
            return NotRegistered(context, target);
        }

        if (attempt.Chain is not { } chain)
        {
            return attempt.ToUnreachable(target.ToString(), null);
        }

        return chain.TryGetWorkUnit(target.WorkId!, out _) ? null : UnknownId(chain.Uri, target);
    }

    /// <summary>The target of a dependents query whose chain is not known (said once, for both paths).</summary>
    internal static UnreachableItem NotRegistered(QueryContext context, GtUri target) =>
        new(target.ToString(), UnreachableReason.NotRegistered, ChainSession.Describe(target.ChainUri, UnreachableReason.NotRegistered, null, context.Fetch, fetchedAt: null), null);

    /// <summary>The target of a dependents query whose chain holds no such work unit (said once, for both paths).</summary>
    internal static UnreachableItem UnknownId(GtUri chain, GtUri target) =>
        new(target.ToString(), UnreachableReason.UnknownId, ShowQuery.UnknownTarget(chain, target), null);

    /// <summary>A loaded answer's edges grouped by unit, in its order.</summary>
    private static DependentUnits<DependentWorkUnit> UnitsOf(DependentsResult whole) => new(whole.Dependents.Select(d => (d.WorkUnit.Uri, d)));

    private static DependentsPage PageOf(DependentsResult whole, DependentUnits<DependentWorkUnit> units, List<(GtUri Uri, DependentWorkUnit Edge)> page, string? next)
        => new(whole with { Dependents = [.. page.Select(p => p.Edge)] }, units.Count, next) { EdgeCount = units.EdgeCount };

    private static IEnumerable<DependentsPage> Pages(DependentsResult whole, DependentUnits<DependentWorkUnit> units, PagedList list, int start, int pageSize)
    {
        while (true)
        {
            var (page, count, next) = units.Page(list, start, pageSize);
            yield return PageOf(whole, units, page, next);
            if (next is null)
            {
                yield break;
            }

            start += count;
        }
    }
}
