namespace GasTown.Federation.GitTransport;

/// <summary>What a read of a pack found: nothing over the budget, the first entry that is, or why the pack cannot be read.</summary>
/// <param name="Entry">The entry over the budget, counted from 0, or null.</param>
/// <param name="Offset">Where that entry starts in the pack.</param>
/// <param name="Size">What it declares: an object's size, a delta's instructions' or its result's.</param>
/// <param name="Problem">Why the pack cannot be read, or null.</param>
internal sealed record PackScanResult(long? Entry, long Offset, long Size, string? Problem)
{
    /// <summary>Every entry read is within the budget.</summary>
    public static PackScanResult None { get; } = new(null, 0, 0, null);

    /// <summary>Whether what is written of the pack so far ends inside an entry (<see cref="Problem"/> says where).</summary>
    public bool IsTruncated { get; private init; }

    /// <summary>An entry declaring more than the budget.</summary>
    public static PackScanResult Larger(long entry, long offset, long size) => new(entry, offset, size, null);

    /// <summary>A pack that cannot be read, for <paramref name="problem"/>.</summary>
    public static PackScanResult Malformed(string problem) => new(null, 0, 0, problem);

    /// <summary>A pack whose bytes end inside an entry: malformed once it is whole, still being written before.</summary>
    public static PackScanResult Truncated(string problem) => new(null, 0, 0, problem) { IsTruncated = true };
}
