namespace GasTown.Federation.GitTransport;

/// <summary>
/// The pack one network fetch is receiving, read entry by entry as libgit2 reports each one received: every entry is
/// checked against the budget before libgit2 resolves the pack's deltas (where it allocates what each declares), so no
/// delta is rebuilt that declares more.
/// </summary>
/// <remarks>
/// <para>
/// Read as it arrives, not once it has: libgit2 resolves a pack's deltas before it checks that as many objects arrived as
/// the pack's header declared, so a pack declaring one object more than it holds was never read whole, and its deltas were
/// rebuilt all the same. libgit2 writes each chunk received to the pack before it parses the objects in it, and reports
/// each object parsed: the entries it has reported are in the file.
/// </para>
/// <para>
/// The pack is libgit2's temporary file in <c>objects/pack</c> (<c>pack_git2_*</c>), found as a new file there whose header
/// declares the objects the fetch announced, listed when the first object is reported (libgit2 made it before any data
/// came). Fetches at once into the same repository (<see cref="ChainFetcher.FetchAllAsync"/>, another process) write theirs
/// beside it: every such file is read, and one that lags behind what this fetch has received is another fetch's and is
/// left (ours never lags: what libgit2 reports is written). One ahead of ours that breaks the budget refuses this fetch
/// too, which is safe. None found, or ours unreadable, the fetch is refused: its deltas could not be checked.
/// </para>
/// </remarks>
internal sealed class ReceivedPackScan(string packDirectory, IReadOnlySet<string> before, long maxBytes) : IDisposable
{
    private List<PackCursor>? _candidates;

    /// <summary>
    /// Reads the entries received since the last call: <see cref="PackScanResult.None"/> to go on, an entry over the
    /// budget, or why the pack cannot be checked.
    /// </summary>
    /// <param name="received">How many objects libgit2 has reported received.</param>
    /// <param name="total">How many the remote announced (the pack header's count, as libgit2 reports it).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public PackScanResult Advance(int received, int total, CancellationToken cancellationToken)
    {
        if (received <= 0)
        {
            return PackScanResult.None;
        }

        _candidates ??= FindCandidates((uint)total);
        if (_candidates.Count == 0)
        {
            return PackScanResult.Malformed($"the pack being received was not found in {packDirectory}");
        }

        // Every candidate is read before any is dropped: one that lags behind what this fetch has received is another
        // fetch's only when some other was read that far, and the directory lists them in no particular order.
        // Called for every object libgit2 reports: the list of laggards is made only when there is one.
        List<(PackCursor Cursor, PackScanResult Found)>? lagging = null;
        var keptUp = false;
        foreach (var candidate in _candidates)
        {
            var found = candidate.Advance(received, maxBytes, cancellationToken);
            if (found.IsTruncated)
            {
                (lagging ??= []).Add((candidate, found));
            }
            else if (found != PackScanResult.None)
            {
                return found;
            }
            else
            {
                keptUp = true;
            }
        }

        if (lagging is null)
        {
            return PackScanResult.None;
        }

        if (!keptUp)
        {
            // None holds what libgit2 reported: ours cannot be told from the others, so none is dropped, and the caller is
            // told why the pack cannot be checked (each cut-off entry is read again from its start if it asks again).
            return lagging[0].Found;
        }

        foreach (var (cursor, _) in lagging)
        {
            cursor.Dispose();
            _candidates.Remove(cursor);
        }

        return PackScanResult.None;
    }

    private List<PackCursor> FindCandidates(uint total)
    {
        var found = new List<PackCursor>();
        if (!Directory.Exists(packDirectory))
        {
            return found;
        }

        foreach (var path in Directory.GetFiles(packDirectory))
        {
            if (before.Contains(path) || System.IO.Path.GetExtension(path) is ".pack" or ".idx" or ".rev" or ".keep" or ".lock")
            {
                continue;
            }

            try
            {
                if (PackCursor.TryOpen(path, out _) is { } cursor)
                {
                    if (cursor.Count == total)
                    {
                        found.Add(cursor);
                    }
                    else
                    {
                        cursor.Dispose();
                    }
                }
            }
            catch (IOException)
            {
                // Gone since it was listed (another fetch finished), or not ours to read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var cursor in _candidates ?? [])
        {
            cursor.Dispose();
        }
    }
}
