namespace GasTown.Federation.GitTransport;

/// <summary>How far a fetch has come, reported through <see cref="IProgress{T}"/> while objects arrive.</summary>
/// <param name="RemoteName">The remote being fetched.</param>
/// <param name="TotalObjects">Objects the remote is sending (0 until it says).</param>
/// <param name="ReceivedObjects">Objects received so far.</param>
/// <param name="IndexedObjects">Objects indexed so far.</param>
/// <param name="ReceivedBytes">Bytes received so far.</param>
public readonly record struct FetchProgress(string RemoteName, int TotalObjects, int ReceivedObjects, int IndexedObjects, long ReceivedBytes)
{
    /// <summary>The fraction of objects received, 0 to 1 (0 while the total is unknown).</summary>
    public double Fraction => TotalObjects == 0 ? 0 : (double)ReceivedObjects / TotalObjects;
}
