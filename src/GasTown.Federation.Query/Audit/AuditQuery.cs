using System.Text;
using System.Text.Json;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Query;

/// <summary>
/// <c>bd audit --actor=PATTERN [--since]</c>: one timeline, newest first, of what matching actors did,
/// from every known chain (local and fetched): events (<c>.events.jsonl</c>, every visibility), beads
/// (created, closed, commented, dependency added) and git commits (<c>Executed-By:</c> trailer, else author
/// name). Actors match with <see cref="ActorPattern"/> globs, case-insensitively. An entry dated more than a day past the
/// query's clock is left out, and its chain's state says so (<see cref="FutureDatedEntries"/>): dated in the year 9999, a
/// remote's entries would head every page. A commit dated before the year 1 or after 9999 is left out and counted in its
/// chain's state (<see cref="CommitsLeftOut"/>).
/// </summary>
internal static class AuditQuery
{
    public static ValueTask<AuditResult> RunAsync(
        QueryContext context, ActorPattern pattern, DateTimeOffset? since, ICommitHistorySource? commits, IEventSignatureVerifier? signatures, CancellationToken cancellationToken)
        => RunAsync(context, pattern, since, window: null, commits, signatures, cancellationToken);

    // With a window, the index may answer with a superset of the window's entries rather than the whole audit (a load
    // always answers the whole audit): only a page, which sorts and cuts what it gets, asks for one.
    private static async ValueTask<AuditResult> RunAsync(
        QueryContext context, ActorPattern pattern, DateTimeOffset? since, QueryIndexAuditWindow? window, ICommitHistorySource? commits, IEventSignatureVerifier? signatures,
        CancellationToken cancellationToken)
        => context.Index is { } index
            && await IndexedAuditQuery.TryRunAsync(context, index, pattern, since, window, commits, signatures, cancellationToken).ConfigureAwait(false) is { } indexed
            ? indexed
            : await LoadAsync(context, pattern, since, commits, signatures, cancellationToken).ConfigureAwait(false);

    /// <summary>The whole audit computed from every known chain, loaded (the path when the index cannot answer).</summary>
    public static async ValueTask<AuditResult> LoadAsync(
        QueryContext context, ActorPattern pattern, DateTimeOffset? since, ICommitHistorySource? commits, IEventSignatureVerifier? signatures, CancellationToken cancellationToken)
    {
        QuerySource.Mark(QuerySource.Chains);
        await context.Session.LoadAllKnownAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditEntry>();
        var unread = new List<UnreachableItem>();
        var dropped = new DroppedEventLines();
        var leftOut = new CommitsLeftOut();
        foreach (var chain in context.Session.Loaded)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await AddEventsAsync(context, chain, pattern, since, signatures, entries, unread, dropped, cancellationToken).ConfigureAwait(false);
            foreach (var unit in chain.WorkUnits)
            {
                AddBeads(unit.Unit, unit.Uri, pattern, since, entries);
            }

            if (commits is not null)
            {
                await AddCommitsAsync(context, chain.Uri, commits, pattern, since, entries, leftOut, cancellationToken).ConfigureAwait(false);
            }
        }

        var future = new FutureDatedEntries(context.Now);
        future.Remove(entries);
        Sort(entries);
        return new AuditResult(pattern.Pattern, entries, [.. context.Session.FailedChains(), .. UnreadLogs(unread)], future.ApplyTo(leftOut.ApplyTo(dropped.ApplyTo(context.Session.States()))), [.. context.Session.ChainTruncations()]);
    }

    /// <summary>
    /// One page of the audit: its entries after <paramref name="after"/>'s position, at most <paramref name="limit"/>. From
    /// the index, only the page's window is read (<see cref="QueryIndexAuditWindow"/>: the facts of the newest matching
    /// seconds from the position on, one more than the page holds, so the next page's existence is known), and commits are
    /// walked; from the loaded chains, the whole audit is computed. Either way what was read is sorted and cut to the page,
    /// so both give the same page.
    /// </summary>
    public static async ValueTask<AuditPage> PageAsync(
        QueryContext context, ActorPattern pattern, DateTimeOffset? since, int limit, string? after, ICommitHistorySource? commits, IEventSignatureVerifier? signatures, CancellationToken cancellationToken)
    {
        var list = PagedList.Audit(pattern);
        var position = AuditPagePosition.Decode(list, after);
        var whole = await RunAsync(context, pattern, since, WindowOf(context, position, limit), commits, signatures, cancellationToken).ConfigureAwait(false);
        return Pages(whole, list, position, limit).First();
    }

    /// <summary>
    /// A page from the index alone, as <see cref="PageAsync"/> gives it; null when the index cannot answer (or there is
    /// none), and the caller loads. A walk's step (<see cref="ListWalks.Audit"/>).
    /// </summary>
    public static async ValueTask<AuditPage?> TryIndexPageAsync(
        QueryContext context, ActorPattern pattern, DateTimeOffset? since, int limit, string? after, ICommitHistorySource? commits, IEventSignatureVerifier? signatures, CancellationToken cancellationToken)
    {
        var list = PagedList.Audit(pattern);
        var position = AuditPagePosition.Decode(list, after);
        return context.Index is { } index
            && await IndexedAuditQuery.TryRunAsync(context, index, pattern, since, WindowOf(context, position, limit), commits, signatures, cancellationToken).ConfigureAwait(false) is { } window
            ? Pages(window, list, position, limit).First()
            : null;
    }

    /// <summary>
    /// The pages of <paramref name="audit"/>'s entries (sorted, as a whole audit or a window's superset of one) from
    /// <paramref name="after"/>'s position on, each at most <paramref name="limit"/> entries with the token of the next; at
    /// least one page (maybe empty). A page and a walk cut by this one rule, so a walk that moves from the index to a load
    /// between pages neither repeats nor skips an entry.
    /// </summary>
    public static IEnumerable<AuditPage> Pages(AuditResult audit, PagedList list, AuditPagePosition? after, int limit)
    {
        var entries = audit.Entries;
        var start = 0;
        if (after is not null)
        {
            // Past every entry before the position, and past the entries equal to it that earlier pages returned.
            var equal = 0;
            while (start < entries.Count && after.CompareTo(entries[start]) is var c && (c < 0 || (c == 0 && equal < after.Seen)))
            {
                equal += c == 0 ? 1 : 0;
                start++;
            }
        }

        while (true)
        {
            var page = entries.Skip(start).Take(limit).ToList();
            string? next = null;
            if (start + page.Count < entries.Count && page.Count > 0)
            {
                // How many entries the token cannot tell from the last one (equal in every field it names, whatever their
                // offsets or verdicts) this page and the earlier ones returned: the next page skips that many of them.
                var last = AuditPagePosition.Of(page[^1], seen: 1);
                var seen = 0;
                for (var i = start + page.Count - 1; i >= 0 && last.CompareTo(entries[i]) == 0; i--)
                {
                    seen++;
                }

                next = (last with { Seen = seen }).Encode(list);
            }

            yield return new AuditPage(audit with { Entries = page }, next);
            if (next is null)
            {
                yield break;
            }

            start += page.Count;
        }
    }

    // The index's window for the page after a position: one entry more than the page holds, so a next page is known. No
    // newer than the audit's cutoff (FutureDatedEntries): what is dated past it is not read, only known of.
    private static QueryIndexAuditWindow WindowOf(QueryContext context, AuditPagePosition? position, int limit)
    {
        var cutoff = FutureDatedEntries.CutoffOf(context.Now);
        return new(position?.Instant is { } at && at < cutoff ? at : cutoff, Math.Min(limit, int.MaxValue - 1) + 1);
    }

    /// <summary>The chains whose event logs were not read, after the chains that failed, by URI (whichever path read them).</summary>
    internal static IEnumerable<UnreachableItem> UnreadLogs(IEnumerable<UnreachableItem> unread) => unread.OrderBy(u => u.Target, StringComparer.Ordinal);

    /// <summary>Newest first; ties broken on every field so the order never depends on load order.</summary>
    internal static void Sort(List<AuditEntry> entries) => entries.Sort(Compare);

    /// <summary>
    /// The audit's order: newest first, then source, type, URI, actor and summary (ordinal), then the instant's offset and
    /// the signature's verdict. Total, so that two entries differing only in those last two (the same event written at
    /// +02:00 and at Z, a signed line and a tampered copy of it) keep one order whatever else a sort sees: a page sorts
    /// only its own window, and an order that depended on the input would let one page repeat what the previous returned.
    /// A page token names the fields up to the summary (<see cref="AuditPagePosition"/>); entries equal in those are
    /// adjacent, and the token counts how many of them were returned.
    /// </summary>
    internal static int Compare(AuditEntry a, AuditEntry b)
    {
        var c = b.Timestamp.CompareTo(a.Timestamp);
        if (c == 0) c = string.CompareOrdinal(a.Source, b.Source);
        if (c == 0) c = string.CompareOrdinal(a.Type, b.Type);
        if (c == 0) c = string.CompareOrdinal(a.Uri?.ToString(), b.Uri?.ToString());
        if (c == 0) c = string.CompareOrdinal(a.Actor, b.Actor);
        if (c == 0) c = string.CompareOrdinal(a.Summary, b.Summary);
        if (c == 0) c = a.Timestamp.Offset.CompareTo(b.Timestamp.Offset);
        if (c == 0) c = string.CompareOrdinal(a.Signature?.ToString(), b.Signature?.ToString());
        return c;
    }

    /// <summary>
    /// The entries of <paramref name="chain"/>'s event log (read from its source, whole, within the source's bound), as the
    /// loading path reads it: in one pass when no line is signed (or nothing judges them), else line by line with the
    /// verifier. A log over the bound (a snapshot's <c>GitTreeChainSource.MaxBytes</c>, the host's
    /// <see cref="ChainLimits.MaxBlobBytes"/>), one the tree links elsewhere (never followed), or a local one the file
    /// system will not give (no permission, not a regular file), is not read: its chain goes to <paramref name="unread"/>,
    /// and the audit says so. Complete lines that are no events are counted in <paramref name="dropped"/>.
    /// </summary>
    internal static async ValueTask AddEventsAsync(
        QueryContext context, Chain chain, ActorPattern pattern, DateTimeOffset? since, IEventSignatureVerifier? signatures, List<AuditEntry> entries,
        List<UnreachableItem> unread, DroppedEventLines dropped, CancellationToken cancellationToken)
    {
        ChainFile? file;
        try
        {
            file = await chain.Source.ReadFileAsync(EventLogPaths.EventsFileName, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainLimitExceededException exception)
        {
            unread.Add(new UnreachableItem(chain.Uri.ToString(), UnreachableReason.LimitExceeded,
                $"The event log {EventLogPaths.EventsFileName} of {chain.Uri} is {exception.Actual} bytes, over ChainLimits.MaxBlobBytes ({exception.Maximum}): it was not read, so its events are not in this audit (its work units and commits are). Raise the limit only if the log is genuine.", null));
            return;
        }
        catch (ChainPathException exception)
        {
            // A symbolic link or a submodule where the log should be: never followed, and it breaks only this log.
            unread.Add(new UnreachableItem(chain.Uri.ToString(), UnreachableReason.InvalidChain,
                $"The event log {EventLogPaths.EventsFileName} of {chain.Uri} was not read, so its events are not in this audit (its work units and commits are): {exception.Message}", null));
            return;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A local log the file system will not give (no permission, not a regular file): it breaks only this log too.
            unread.Add(new UnreachableItem(chain.Uri.ToString(), UnreachableReason.LoadFailed,
                $"The event log {EventLogPaths.EventsFileName} of {chain.Uri} could not be read, so its events are not in this audit (its work units and commits are): {exception.Message}", null));
            return;
        }

        if (file is null)
        {
            return;
        }

        // Upstream's logs carry no signatures: one pass, each event unsigned (or unjudged without a verifier).
        if (signatures is null || file.Content.Span.IndexOf("\"gt_sig\""u8) < 0)
        {
            var read = EventLogReader.Read(file.Content);
            if (read.Diagnostics.Count > 0)
            {
                Log.MalformedEvents(context.Logger, chain.Uri.ToString(), read.Diagnostics.Count);
            }

            dropped.Add(chain.Uri, read);

            AddEvents(read.Events, chain.Uri, pattern, since, signatures is null ? null : EventLineProof.Unsigned, entries);
            return;
        }

        // Line by line, so that each event keeps the verdict on its own line's signature.
        var segments = Encoding.UTF8.GetString(file.Content.Span).Split('\n');
        var lines = segments.Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var malformed = await AddSignedEventsAsync(chain, lines, pattern, since, signatures, entries, cancellationToken).ConfigureAwait(false);
        if (malformed > 0)
        {
            Log.MalformedEvents(context.Logger, chain.Uri.ToString(), malformed);
        }

        // An unterminated last line that is no event is a writer still appending (a torn tail), as the one-pass read and
        // the index take it, not a dropped line. Judged on what follows the last line feed itself: a tail of CRs alone is
        // no line (it was never counted), and the complete line before it is no torn tail.
        var tail = segments[^1].TrimEnd('\r');
        var torn = tail.Length > 0 && EventLogReader.Read(Encoding.UTF8.GetBytes(tail)).Diagnostics.Count > 0;
        dropped.Add(chain.Uri, malformed - (torn ? 1 : 0), null);
    }

    /// <summary>The entries of events read without judging lines one by one: each gets the same <paramref name="signature"/>.</summary>
    internal static void AddEvents(IEnumerable<TownEvent> events, GtUri chain, ActorPattern pattern, DateTimeOffset? since, EventLineProof? signature, List<AuditEntry> entries)
    {
        foreach (var e in events)
        {
            if (pattern.IsMatch(e.Actor) && (since is null || e.Timestamp >= since))
            {
                entries.Add(new AuditEntry(e.Timestamp, AuditSources.Events, e.Type, e.Actor, EventSummary(e), chain) { Signature = signature });
            }
        }
    }

    /// <summary>
    /// The entries of signed log lines (each as read, without its line ending; none empty): every line judged by
    /// <paramref name="signatures"/>, each event with its own line's verdict. Returns how many lines were malformed.
    /// </summary>
    internal static async ValueTask<int> AddSignedEventsAsync(
        Chain chain, IReadOnlyList<string> lines, ActorPattern pattern, DateTimeOffset? since, IEventSignatureVerifier signatures, List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var proofs = await signatures.VerifyAsync(chain, lines, cancellationToken).ConfigureAwait(false);
        var malformed = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var read = EventLogReader.Read(Encoding.UTF8.GetBytes(lines[i]));
            malformed += read.Diagnostics.Count;
            AddEvents(read.Events, chain.Uri, pattern, since, proofs[i], entries);
        }

        return malformed;
    }

    /// <summary>The beads entries of one work unit (created, closed, commented, dependency added) whose actor matches.</summary>
    internal static void AddBeads(WorkUnit u, GtUri uri, ActorPattern pattern, DateTimeOffset? since, List<AuditEntry> entries)
    {
        if (u.CreatedBy is { Length: > 0 } creator && pattern.IsMatch(creator))
        {
            Add(entries, since, u.CreatedAt.Value, AuditSources.BeadCreated, creator, $"created {u.Id}: {u.Title}", uri);
        }

        if (u.Status == WorkStatus.Closed && u.Assignee is { Length: > 0 } assignee && pattern.IsMatch(assignee))
        {
            var closedAt = (u.ClosedAt ?? u.UpdatedAt).Value;
            var reason = u.CloseReason is { Length: > 0 } r ? $" ({r})" : string.Empty;
            Add(entries, since, closedAt, AuditSources.BeadClosed, assignee, $"closed {u.Id}: {u.Title}{reason}", uri);
        }

        foreach (var comment in u.Comments)
        {
            if (pattern.IsMatch(comment.Author))
            {
                Add(entries, since, comment.CreatedAt.Value, AuditSources.BeadCommented, comment.Author, $"commented on {u.Id}: {FirstLine(comment.Text)}", uri);
            }
        }

        foreach (var dependency in u.Dependencies)
        {
            if (dependency.CreatedBy is { Length: > 0 } by && pattern.IsMatch(by))
            {
                Add(entries, since, dependency.CreatedAt.Value, AuditSources.DependencyAdded, by,
                    $"{u.Id} {dependency.Type.Value} {dependency.DependsOnId}", uri);
            }
        }
    }

    /// <summary>
    /// The git entries of one chain (a walk of its history at query time); a history that cannot be read is logged and
    /// said in <paramref name="leftOut"/>. A
    /// matching commit dated out of any calendar (<see cref="CommitRecord.OutOfRangeDate"/>) is no entry: it is counted
    /// in <paramref name="leftOut"/>, unless it lies before <paramref name="since"/>.
    /// </summary>
    internal static async ValueTask AddCommitsAsync(
        QueryContext context, GtUri chain, ICommitHistorySource commits, ActorPattern pattern, DateTimeOffset? since, List<AuditEntry> entries, CommitsLeftOut leftOut,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var commit in commits.GetCommitsAsync(chain, since, cancellationToken).ConfigureAwait(false))
            {
                var actor = commit.Actor;
                if (commit.OutOfRangeDate is not null)
                {
                    // Its When is the nearest instant there is, which puts it on the right side of since, and no more.
                    if (pattern.IsMatch(actor) && (since is null || commit.When >= since))
                    {
                        leftOut.Add(chain, commit);
                    }
                }
                else if (pattern.IsMatch(actor))
                {
                    var sha = commit.Sha.Length > 8 ? commit.Sha[..8] : commit.Sha;
                    Add(entries, since, commit.When, AuditSources.Git, AuditSources.Commit, actor, $"{sha} {commit.Subject}", chain);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One chain's unreadable history must not sink the whole audit: the rest still answers, and the chain's state
            // says what is missing (it was logged only, and the audit looked whole).
            Log.CommitHistoryFailed(context.Logger, ex, chain.ToString());
            leftOut.Unread(chain, ex);
        }
    }

    private static void Add(List<AuditEntry> entries, DateTimeOffset? since, DateTimeOffset when, string type, string actor, string summary, GtUri uri) =>
        Add(entries, since, when, AuditSources.Beads, type, actor, summary, uri);

    private static void Add(List<AuditEntry> entries, DateTimeOffset? since, DateTimeOffset when, string source, string type, string actor, string summary, GtUri uri)
    {
        if (since is null || when >= since)
        {
            entries.Add(new AuditEntry(when, source, type, actor, summary, uri));
        }
    }

    // The payload as sorted key=value pairs. Not the type: it is the entry's Type already, and a reader
    // prints both ("done bead=gt-1 branch=polecat/nux", not "done done bead=...").
    private static string EventSummary(TownEvent e)
    {
        if (e.Payload is not { Count: > 0 } payload)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var (key, value) in payload.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(key).Append('=');
            text.Append(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
        }

        return text.ToString();
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }
}
