using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GasTown.Federation.Index;

/// <summary>One chain's state in the index.</summary>
/// <param name="Uri">The chain.</param>
/// <param name="RemoteName">The remote it is registered under, or null for the local town.</param>
/// <param name="IsLocal">Whether it is the local town.</param>
/// <param name="Revision">
/// The commit indexed (remote) or the stamp of its small files (local town); for a remote whose newest snapshot was
/// refused, that snapshot (<see cref="AnsweredFrom"/> is the one indexed).
/// </param>
/// <param name="Units">Work units indexed.</param>
/// <param name="Bytes">Bytes of its issues files.</param>
/// <param name="DroppedLines">Lines that hold no work unit a query can see (malformed, too long, an unaddressable id, the earlier line of a repeated id, an id another rig holds), as <c>Chain.DroppedLineCount</c> counts them.</param>
/// <param name="Identity">The identity verdict (<c>Verified</c>, <c>NoOwner</c>, <c>SingleRig</c>), or null when unavailable.</param>
/// <param name="IndexedAt">When it was last indexed.</param>
/// <param name="FetchedAt">When its data was fetched, or null for the local town.</param>
/// <param name="Unavailable">Why it is unavailable, or null when it answers.</param>
/// <param name="Message">
/// What went wrong and what to do, when unavailable; when it answers from an older snapshot, why (its newest was refused).
/// </param>
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

    /// <summary>
    /// The commit whose rows answer for a remote whose newest snapshot (<see cref="Revision"/>) was refused: its last
    /// verified snapshot, as the chain provider answers from it (<see cref="ChainResult.RefusedSnapshot"/>); null otherwise.
    /// </summary>
    public string? AnsweredFrom { get; init; }

    /// <summary>
    /// What a query's <see cref="ChainState.Notes"/> say of the chain after <see cref="Message"/>, from what the index keeps:
    /// that its identity is unverified, how many lines its files hold that no query can see and where the first is, then
    /// each problem of its files (a line named with what is wrong with it), as many as fit in the 20 notes a chain state
    /// carries. A query also says when the chain's data is stale or its last fetch failed, which the index does not keep
    /// (<see cref="FetchedAt"/> says when it was fetched). Empty when there is nothing to say, or the chain is unavailable.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// How far the identity of an available remote's rows is proven, as a query answered from the index gives it
    /// (<see cref="ChainState.Proof"/>): by a key its owner publishes, by the key pinned for it, or by name only (an
    /// unsigned remote: whatever whoever can write to its URL put there), judged against the keys kept when it was read.
    /// Null for the local town, and for a chain that is unavailable or no longer registered.
    /// </summary>
    public IdentityProof? Proof { get; init; }

    /// <summary>
    /// Whether <paramref name="other"/> states the same chain the same way: every member equal, <see cref="Notes"/> by their
    /// text in order (a record compares a list by reference, so two reads of the same state would differ).
    /// </summary>
    /// <param name="other">The other state.</param>
    /// <returns>True when they are equal.</returns>
    public bool Equals(IndexedChain? other) =>
        other is not null
        && Uri == other.Uri && RemoteName == other.RemoteName && IsLocal == other.IsLocal && Revision == other.Revision
        && Units == other.Units && Bytes == other.Bytes && DroppedLines == other.DroppedLines && Identity == other.Identity
        && IndexedAt == other.IndexedAt && FetchedAt == other.FetchedAt && Unavailable == other.Unavailable
        && Message == other.Message && AnsweredFrom == other.AnsweredFrom && Proof == other.Proof && Notes.SequenceEqual(other.Notes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Uri, Revision, Units, DroppedLines, IndexedAt, Unavailable, AnsweredFrom, Notes.Count);

    /// <summary>
    /// This chain's trust state in the shape the in-memory queries report it (<see cref="ChainState"/>), so a host shows
    /// an index answer and a query answer the same way: unavailable with its reason, answered from an older snapshot,
    /// verified, or an unverified identity; how far its identity is proven (<see cref="Proof"/>); the lines left out
    /// (<see cref="DroppedLines"/>), and as notes the <see cref="Message"/> then the <see cref="Notes"/>. Staleness is
    /// not judged here (it takes the host's <see cref="QueryOptions.StaleAfter"/>): the state is never stale.
    /// </summary>
    /// <returns>The state.</returns>
    public ChainState ToChainState() => new(
        Uri,
        Unavailable is not null ? ChainTrust.Unavailable
            : AnsweredFrom is not null ? ChainTrust.OlderSnapshot
            : Identity == nameof(ChainIdentityStatus.Verified) ? ChainTrust.Verified : ChainTrust.UnverifiedIdentity,
        FetchedAt,
        false,
        (int)Math.Min(int.MaxValue, DroppedLines),
        Message is null ? Notes : [Message, .. Notes],
        Unavailable is null ? null : ToUnreachableReason(Unavailable))
    {
        Proof = Proof,
    };

    /// <summary>This chain, when it is unavailable, as an entry of a query's unreachable list.</summary>
    /// <returns>The entry (for an available chain, one with reason <see cref="UnreachableReason.LoadFailed"/> and no cause; callers pass unavailable chains).</returns>
    public UnreachableItem ToUnreachable()
        => new(Uri.ToString(), ToUnreachableReason(Unavailable), Message ?? Unavailable?.ToString() ?? "unavailable", null);

    private static UnreachableReason ToUnreachableReason(ChainUnavailableReason? reason) => reason switch
    {
        ChainUnavailableReason.NotRegistered => UnreachableReason.NotRegistered,
        ChainUnavailableReason.NeverFetched => UnreachableReason.NeverFetched,
        ChainUnavailableReason.FetchFailed => UnreachableReason.FetchFailed,
        ChainUnavailableReason.IdentityMismatch => UnreachableReason.IdentityMismatch,
        ChainUnavailableReason.SignatureRefused => UnreachableReason.SignatureRefused,
        ChainUnavailableReason.LimitExceeded => UnreachableReason.LimitExceeded,
        ChainUnavailableReason.Invalid => UnreachableReason.InvalidChain,
        _ => UnreachableReason.LoadFailed,
    };

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
