namespace GasTown.Federation.GitTransport;

/// <summary>
/// A pack read whole, before libgit2 resolves its deltas: the first entry whose declared size is over the budget.
/// libgit2 hashes a whole object as it streams in, but it inflates each entry into a buffer of its declared size, and once
/// the pack has arrived it rebuilds each delta in memory, base and result whole; a delta can copy its base thousands of
/// times: a 392 KB pack holding two 300 MB blobs, one a delta of the other, cost 670 MB. Each entry declares its sizes up
/// front, so the same rule as <see cref="LocalObjectScan"/> holds over any transport (<see cref="PackCursor"/> reads them;
/// a fetch reads the pack it is receiving as it arrives, <see cref="ReceivedPackScan"/>).
/// </summary>
internal static class PackScan
{
    /// <summary>The first entry of the whole pack at <paramref name="path"/> declaring more than <paramref name="maxBytes"/>.</summary>
    public static PackScanResult FindLarger(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var cursor = PackCursor.TryOpen(path, out var problem);
        if (cursor is null)
        {
            return PackScanResult.Malformed(problem!);
        }

        var found = cursor.Advance(cursor.Count, maxBytes, cancellationToken);
        return found.IsTruncated ? PackScanResult.Malformed("it ends before its last object: " + found.Problem) : found;
    }
}
