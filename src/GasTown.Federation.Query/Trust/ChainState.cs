using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// One chain a query read or tried to read, and how far its part of the answer can be believed: its trust state,
/// how old its data is, and how many of its lines were dropped while reading it.
/// </summary>
/// <param name="Chain">The chain, <c>gt://entity/chain</c>.</param>
/// <param name="Trust">Verified, unverified identity, answered from an older snapshot, or unavailable.</param>
/// <param name="DataAsOf">When its data was fetched; null for the local town (read live) and for a chain never read.</param>
/// <param name="IsStale">Whether <paramref name="DataAsOf"/> is older than <see cref="QueryOptions.StaleAfter"/> (always false when that is not set).</param>
/// <param name="DroppedLines">Lines of its files that could not be read and are left out of the answer (malformed, too long, unaddressable ids).</param>
/// <param name="Notes">What the provider and the loader said about it, for a person: the data's age, a refused snapshot, how many lines of its event log an audit left out, and the first problems found in its files (at most 20 of those; the others are always kept).</param>
/// <param name="Unreachable">Why it could not be read, when <paramref name="Trust"/> is <see cref="ChainTrust.Unavailable"/>; else null.</param>
public sealed record ChainState(
    GtUri Chain,
    ChainTrust Trust,
    DateTimeOffset? DataAsOf,
    bool IsStale,
    int DroppedLines,
    IReadOnlyList<string> Notes,
    UnreachableReason? Unreachable)
{
    /// <summary>
    /// How far the chain's identity is proven by keys: signed by a key its entity publishes, by a pinned key, or name
    /// only (<see cref="ChainResult.IdentityProof"/>); null for chains whose provider does not judge signatures (the
    /// local town) and for unavailable chains.
    /// </summary>
    public IdentityProof? Proof { get; init; }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
