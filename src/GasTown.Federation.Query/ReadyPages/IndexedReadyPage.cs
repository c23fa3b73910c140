using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// A page of <see cref="ReadyQuery"/>'s ready list answered from an <see cref="IQueryIndex"/> with memory bounded by the
/// page: the candidates (open or in progress, not pinned, not deferred) are read from their rows in the list's order
/// after the token's position, and each is judged by <see cref="ReadyWalk"/> from its own edges and its ancestors' only;
/// the lines of the page's items alone are parsed. Chains past <see cref="QueryOptions.MaxChains"/> are left unread as the
/// loading path leaves them (their units are no candidates, a blocker in one blocks, and the page reports them and the
/// truncation as the whole answer does). Null, and the caller cuts the page from the whole answer, whenever the index
/// cannot answer exactly: as <see cref="IndexedReadyQuery"/> declines (an id it cannot place, a chain it cannot describe, an
/// id whose rig it cannot tell), and past <see cref="ReadyWalk"/>'s ancestry bound. A blocker in a chain no one registered
/// blocks, as in the whole answer, without the chain being tried: the page's chains, unreachable items and truncations
/// are those of the chains it read, and such a chain holds no ready work (the whole answer lists it among its chains and
/// unreachable items, as <c>ChainLimit</c> with a truncation when the known chains fill the limit;
/// <see cref="FederationQueries.GetReadyWorkGapsAsync"/> gives them).
/// </summary>
internal static class IndexedReadyPage
{
    // Candidates read per round trip: enough to amortise the statement, few enough that a page of one costs little.
    private const int Batch = 256;

    public static ValueTask<ReadyWorkPage?> TryRunAsync(QueryContext context, IQueryIndex index, WorkFilter filter, int limit, ReadyPagePosition? after, CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "ready (page)",
            reader => Run(context, reader, filter, limit, after, cancellationToken), cancellationToken);

    private static ReadyWorkPage? Run(QueryContext context, IQueryIndexReader reader, WorkFilter filter, int limit, ReadyPagePosition? after, CancellationToken cancellationToken)
    {
        var chains = new TouchedChains(reader, context, answersChainLimit: true);
        if (chains.GetAllKnown() is not { } all)
        {
            return null;
        }

        var now = context.Now;
        var available = all.Available.ToDictionary(c => c.Uri.ChainUri);
        var walk = new ReadyWalk(reader, chains, all.Known, available, now);
        var items = new List<WorkUnitSummary>();
        var more = false;
        // Blocked candidates judged on the way, and how many of them came before the page's last item (a page that stops at
        // the next ready unit leaves the blocked ones after its last item to the next page, which judges them again).
        var (blocked, blockedThroughLast) = (0, 0);
        var (afterPriority, afterUri) = after is null ? ((int?)null, (string?)null) : (after.Priority, after.Uri);
        while (!more)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidates = reader.GetReadyCandidates(filter, now, afterPriority, afterUri, Batch);
            foreach (var candidate in candidates)
            {
                (afterPriority, afterUri) = (candidate.Priority, candidate.Uri.ToString());
                if (!available.ContainsKey(candidate.Uri.ChainUri))
                {
                    continue;
                }

                var judgement = walk.Judge(candidate);
                if (judgement == ReadyJudgement.Blocked)
                {
                    blocked++;
                }

                if (judgement != ReadyJudgement.Ready)
                {
                    continue;
                }

                if (items.Count == limit)
                {
                    // One ready unit past the page says there is a next page; its line is not read.
                    more = true;
                    break;
                }

                items.Add(Item(reader, candidate, filter, now));
                blockedThroughLast = blocked;
            }

            if (candidates.Count < Batch)
            {
                break;
            }
        }

        var next = more ? ReadyPagePosition.Of(items[^1]).Encode(PagedList.Ready(filter)) : null;
        return new ReadyWorkPage(items, [.. chains.FailedItems()], chains.States(), [.. chains.Truncations()], next) { Blocked = more ? blockedThroughLast : blocked };
    }

    /// <summary>The candidate's unit from its line, which must say what its row said (else the row is not the line's).</summary>
    private static WorkUnitSummary Item(IQueryIndexReader reader, QueryIndexUnitState candidate, WorkFilter filter, DateTimeOffset now)
    {
        if (!reader.TryFindWorkUnit(candidate.Uri.ChainUri, candidate.Uri.WorkId!, out var unit) || unit is null
            || unit.Uri != candidate.Uri || unit.Priority != candidate.Priority || !ReadyQuery.IsCandidate(unit.WorkUnit, now) || !filter.Matches(unit))
        {
            throw new IndexCannotAnswerException();
        }

        return unit;
    }
}
