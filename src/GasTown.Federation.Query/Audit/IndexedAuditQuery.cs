using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Query;

/// <summary>
/// <see cref="AuditQuery"/> answered from an <see cref="IQueryIndex"/>: the index finds the work units and event lines
/// whose actors match (by actor id, the glob judged by <see cref="ActorPattern"/> over the index's actor names), and only
/// those lines are parsed; the entries are derived from them by the very rules of <see cref="AuditQuery"/>. A signed event
/// log's matching lines are judged by the <see cref="IEventSignatureVerifier"/> with the chain's small files read from the
/// indexed snapshot (its entity, grants and revision), each line keeping its own verdict. Commits are walked at query
/// time, as the loading path walks them. An event log only a load describes is read whole, as the loading path reads it,
/// from the indexed snapshot of its chain alone. For a page, the index is asked for the page's window only
/// (<see cref="QueryIndexAuditWindow"/>): the units and event lines of the newest matching seconds up to the page's start,
/// a superset of what the page holds, which the caller sorts and cuts as it cuts the whole audit. Null, and the caller loads the chains, whenever the index cannot answer
/// exactly: a known chain it cannot describe (or the chain limit), a chain whose files cannot be read again.
/// </summary>
internal static class IndexedAuditQuery
{
    public static ValueTask<AuditResult?> TryRunAsync(
        QueryContext context, IQueryIndex index, ActorPattern pattern, DateTimeOffset? since, QueryIndexAuditWindow? window, ICommitHistorySource? commits, IEventSignatureVerifier? signatures,
        CancellationToken cancellationToken)
        => IndexAttempt.RunAsync(context, index, "audit", (reader, token) => RunAsync(context, reader, pattern, since, window, commits, signatures, token), cancellationToken);

    private static async ValueTask<AuditResult?> RunAsync(
        QueryContext context, IQueryIndexReader reader, ActorPattern pattern, DateTimeOffset? since, QueryIndexAuditWindow? window, ICommitHistorySource? commits,
        IEventSignatureVerifier? signatures, CancellationToken cancellationToken)
    {
        // Past QueryOptions.MaxChains as the load answers: the chains past it are not read, each reported with ChainLimit.
        var chains = new TouchedChains(reader, context, answersChainLimit: true);
        if (chains.GetAllKnown() is not { } all)
        {
            return null;
        }

        var available = all.Available.Select(c => c.Uri).ToHashSet();
        if (window is not null && chains.Truncations().Any())
        {
            // The units of chains past the limit are left out below: the window counts the facts of the chains read only.
            window = window with { Chains = available };
        }

        var entries = new List<AuditEntry>();
        var unread = new List<UnreachableItem>();
        var dropped = new DroppedEventLines();
        var future = new FutureDatedEntries(context.Now);
        var leftOut = new CommitsLeftOut();
        var indexedLogs = new List<GtUri>();
        foreach (var chain in all.Available)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lines = window is null ? reader.GetAuditEventLines(chain.Uri, pattern, since) : reader.GetAuditEventLines(chain.Uri, pattern, since, window);
            if (lines is not { } log)
            {
                // A log only a load describes (over a limit, invalid UTF-8, a byte order mark; one the tree links elsewhere
                // or a local one the file system will not give, which the load reports as unread): that chain's
                // log is read as the load reads it, from the snapshot (or folder) the index holds; every other chain still
                // answers from the index. Before, one such log made the whole audit load every chain.
                if (await reader.ReadChainFilesAsync(chain.Uri, cancellationToken).ConfigureAwait(false) is not { } files)
                {
                    return null;
                }

                await AuditQuery.AddEventsAsync(context, files, pattern, since, signatures, entries, unread, dropped, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // As the load counts them: a log judged line by line (signed, with a verifier) names no first line.
            indexedLogs.Add(chain.Uri);
            dropped.Add(chain.Uri, log.DroppedLines, signatures is not null && log.Signed ? null : log.FirstDroppedLine);
            if (!await AddEventsAsync(reader, chain.Uri, log, pattern, since, signatures, entries, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            if (window is not null)
            {
                // What is dated past the cutoff is known of before the window's cut drops it.
                future.Remove(entries);
                AuditWindowCut.KeepIfLarge(entries, window);
            }
        }

        foreach (var unit in window is null ? reader.GetAuditWorkUnits(pattern, since) : reader.GetAuditWorkUnits(pattern, since, window))
        {
            if (chains.IsPastLimit(unit.Uri))
            {
                // A chain the load leaves unread: none of its work is in the answer.
                continue;
            }

            if (!available.Contains(unit.Uri.ChainUri))
            {
                // A row the index holds for a chain this answer does not read: the index and the load disagree.
                return null;
            }

            AuditQuery.AddBeads(unit.WorkUnit, unit.Uri, pattern, since, entries);
        }

        if (commits is not null)
        {
            foreach (var chain in all.Available)
            {
                await AuditQuery.AddCommitsAsync(context, chain.Uri, commits, pattern, since, entries, leftOut, cancellationToken).ConfigureAwait(false);
                if (window is not null)
                {
                    // Each chain's commits are walked whole for every page: a page holds the window of them.
                    future.Remove(entries);
                    AuditWindowCut.KeepIfLarge(entries, window);
                }
            }
        }

        future.Remove(entries);
        if (window is not null)
        {
            // The window read nothing past the cutoff: the index says which chains date facts there, and how late.
            if (reader.GetAuditFactsAfter(pattern, since, future.Cutoff, indexedLogs) is not { } after)
            {
                return await RunAsync(context, reader, pattern, since, window: null, commits, signatures, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (chain, at) in after)
            {
                if (available.Contains(chain) && !chains.IsPastLimit(chain))
                {
                    future.Add(chain, AuditSeconds.Of(at));
                }
            }
        }

        AuditQuery.Sort(entries);
        return new AuditResult(pattern.Pattern, entries, [.. chains.FailedItems(), .. AuditQuery.UnreadLogs(unread)], future.ApplyTo(leftOut.ApplyTo(dropped.ApplyTo(chains.States()))), [.. chains.Truncations()]);
    }

    // As AuditQuery reads a log: in one pass when no line is signed (or nothing judges them), else line by line with the
    // verifier, here only over the lines that matched. False when the chain's files cannot be read to judge them.
    private static async ValueTask<bool> AddEventsAsync(
        IQueryIndexReader reader, GtUri chain, QueryIndexEventLines log, ActorPattern pattern, DateTimeOffset? since, IEventSignatureVerifier? signatures, List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (log.Lines.Count == 0)
        {
            return true;
        }

        if (signatures is null || !log.Signed)
        {
            var signature = signatures is null ? null : EventLineProof.Unsigned;
            foreach (var line in log.Lines)
            {
                AuditQuery.AddEvents(EventLogReader.Read(line).Events, chain, pattern, since, signature, entries);
            }

            return true;
        }

        if (await reader.ReadChainFilesAsync(chain, cancellationToken).ConfigureAwait(false) is not { } files)
        {
            return false;
        }

        var lines = log.Lines.Select(l => Encoding.UTF8.GetString(l.Span).TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        await AuditQuery.AddSignedEventsAsync(files, lines, pattern, since, signatures, entries, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
