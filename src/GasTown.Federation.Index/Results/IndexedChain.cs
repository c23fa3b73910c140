using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>One chain's state in the index.</summary>
/// <param name="Uri">The chain.</param>
/// <param name="RemoteName">The remote it is registered under, or null for the local town.</param>
/// <param name="IsLocal">Whether it is the local town.</param>
/// <param name="Revision">The commit indexed (remote) or the stamp of its small files (local town).</param>
/// <param name="Units">Work units indexed.</param>
/// <param name="Bytes">Bytes of its issues files.</param>
/// <param name="DroppedLines">Lines not indexed (malformed, too long, unaddressable id).</param>
/// <param name="Identity">The identity verdict (<c>Verified</c>, <c>NoOwner</c>, <c>SingleRig</c>), or null when unavailable.</param>
/// <param name="IndexedAt">When it was last indexed.</param>
/// <param name="FetchedAt">When its data was fetched, or null for the local town.</param>
/// <param name="Unavailable">Why it is unavailable, or null when it answers.</param>
/// <param name="Message">What went wrong and what to do, when unavailable.</param>
public sealed record IndexedChain(
    GtUri Uri,
    string? RemoteName,
    bool IsLocal,
    string? Revision,
    long Units,
    long Bytes,
    long DroppedLines,
    string? Identity,
    DateTimeOffset? IndexedAt,
    DateTimeOffset? FetchedAt,
    ChainUnavailableReason? Unavailable,
    string? Message)
{
    /// <summary>Whether the chain answers queries.</summary>
    public bool IsAvailable => Unavailable is null;
}
