using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="IndexedReadyQuery"/>'s unreachable items, chains and truncations without its lists: the blocking edges of
/// every available chain are read and each target looked up by id, and an edge of an unfinished unit
/// whose target does not resolve, or that no available chain has, is reported as the whole answer reports it. The edges
/// are read row by row (<see cref="IQueryIndexReader.StreamDependencies"/>): what the process holds is the items found
/// and a bounded memo of the targets looked up, never a chain's edges or the federation's units.
/// Null (the caller takes them from the whole answer) whenever the whole answer's rules depend on more than this reads:
/// as <see cref="IndexedReadyQuery"/> declines (a chain it cannot describe, an id whose rig it cannot tell), a delegated
/// child in a chain no one registered (whether the claim is followed, and so the chain tried, is the whole answer's
/// judgement), a missing blocker some edge names under a second spelling (the whole answer names it by the first it met), an
/// unfinished delegating parent whose delegated child is missing (whether the claim is followed is the whole answer's
/// judgement), more than <see cref="MaxItems"/> blockers in chains no one registered (or such chains), and more than
/// <see cref="MaxMissing"/> missing blockers (each is remembered by its spelling). The items are kept as the whole answer
/// keeps them (<see cref="UnreachableCollector"/>: the first of each referring chain's, the rest counted), so a remote's
/// dangling blockers cost their count, not a list.
/// </summary>
internal static class IndexedReadyGaps
{
    /// <summary>The most blockers in chains no one registered (and such chains) held before the whole answer is asked instead.</summary>
    internal const int MaxItems = 10_000;

    /// <summary>The most missing blockers whose spelling is remembered before the whole answer is asked instead.</summary>
    internal const int MaxMissing = 100_000;

    // Units whose existence is remembered while the edges are read (forgotten past it, then looked up again).
    private const int MaxRemembered = 50_000;

    // Rows read between two looks at the cancellation token (a chain may hold millions of edges).
    private const int CancellationStride = 4_096;

    private static readonly string[] BlockingTypes = ["blocks", "conditional-blocks", "waits-for"];

    public static ValueTask<ReadyWorkGaps?> TryRunAsync(QueryContext context, IQueryIndex index, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "ready (gaps)", reader => Run(context, reader, cancellationToken), cancellationToken);

    private static ReadyWorkGaps? Run(QueryContext context, IQueryIndexReader reader, CancellationToken cancellationToken)
    {
        var chains = new TouchedChains(reader, context, answersChainLimit: true);
        if (chains.GetAllKnown() is not { } all)
        {
            return null;
        }

        var known = all.Known.Select(k => k.ChainUri).ToHashSet();
        var states = new IndexedUnitStates(reader, chains, known);
        var unreachable = new UnreachableCollector();
        // Each missing blocker's one spelling (the whole answer names it by the first spelling any edge gives it).
        var missing = new Dictionary<string, GtUri>(StringComparer.Ordinal);
        var read = 0L;

        QueryIndexUnitState? StateOf(GtUri uri)
        {
            if (states.Count > MaxRemembered)
            {
                states.Forget();
            }

            return states.Of(uri);
        }

        bool IsUnfinished(GtUri unit) => StateOf(unit) is { } state && !state.Status.IsClosed;

        // Chains no one registered that a blocking edge names, whatever its source's state: the whole answer tries each
        // after the known ones, in URI order, and reports it among its chains; they are tried here in that order once every
        // edge is read, and the missing blockers in them (of unfinished units) are described then.
        var foreign = new SortedDictionary<string, GtUri>(StringComparer.Ordinal);
        var foreignBlockers = new List<(GtUri Target, GtUri Source)>();

        foreach (var chain in all.Available)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var resolver = IndexReferences.ContextFor(reader, chain, null);
            foreach (var dependency in reader.StreamDependencies(chain.Uri, BlockingTypes))
            {
                if (++read % CancellationStride == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (!FederationEdgeKinds.Blocking.Contains(FederationEdgeKindExtensions.FromDependencyType(dependency.Type)))
                {
                    continue;
                }

                if (!ReferenceResolver.TryResolve(resolver, dependency.DependsOnId, out var target, out var error))
                {
                    if (IsUnfinished(dependency.Source))
                    {
                        unreachable.Add(new UnreachableItem(dependency.DependsOnId, UnreachableReason.InvalidReference, error ?? "The reference could not be resolved.", dependency.Source));
                    }

                    continue;
                }

                var isForeign = !known.Contains(target.ChainUri);
                if (isForeign && foreign.TryAdd(target.ChainUri.ToString(), target.ChainUri) && foreign.Count > MaxItems)
                {
                    return null;
                }

                if ((!isForeign && StateOf(target) is not null) || !IsUnfinished(dependency.Source))
                {
                    continue;
                }

                if (missing.TryGetValue(WorkUnitKey.Of(target), out var spelled) ? spelled != target : !missing.TryAdd(WorkUnitKey.Of(target), target) || missing.Count > MaxMissing)
                {
                    return null;
                }

                if (isForeign)
                {
                    foreignBlockers.Add((target, dependency.Source));
                    if (foreignBlockers.Count > MaxItems)
                    {
                        return null;
                    }
                }
                else
                {
                    unreachable.Add(IndexedReadyQuery.Missing(chains, target, dependency.Source));
                }
            }
        }

        foreach (var chain in all.Available)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var claim in reader.GetDelegationClaims(chain.Uri))
            {
                if (!known.Contains(claim.Child.ChainUri) || (StateOf(claim.Child) is null && IsUnfinished(claim.Parent)))
                {
                    return null;
                }
            }
        }

        if (missing.Count > 0 && !SpelledOnce(reader, all.Available, missing, cancellationToken))
        {
            return null;
        }

        foreach (var chain in foreign.Values)
        {
            if (chains.Get(chain) is null)
            {
                return null;
            }
        }

        foreach (var (target, source) in foreignBlockers)
        {
            unreachable.Add(IndexedReadyQuery.Missing(chains, target, source));
        }

        var (items, omitted) = unreachable.Finish(chains.FailedItems());
        return new ReadyWorkGaps(items, chains.States(), [.. chains.Truncations()]) { OmittedUnreachable = omitted };
    }

    // Whether no edge of any type names a missing blocker under another spelling than the one reported.
    private static bool SpelledOnce(IQueryIndexReader reader, List<QueryIndexChain> available, Dictionary<string, GtUri> missing, CancellationToken cancellationToken)
    {
        var read = 0L;
        foreach (var chain in available)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var resolver = IndexReferences.ContextFor(reader, chain, null);
            foreach (var dependency in reader.StreamDependencies(chain.Uri, null))
            {
                if (++read % CancellationStride == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (ReferenceResolver.TryResolve(resolver, dependency.DependsOnId, out var target, out _)
                    && missing.TryGetValue(WorkUnitKey.Of(target), out var spelled) && spelled != target)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
