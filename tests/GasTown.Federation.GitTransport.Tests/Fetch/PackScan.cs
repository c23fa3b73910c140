namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A hand-made pack read whole by the cursor a fetch reads its received pack with: the first entry whose declared size is
/// over the budget, or why the pack cannot be read.
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
