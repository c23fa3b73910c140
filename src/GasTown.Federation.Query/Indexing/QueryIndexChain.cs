using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// A chain as an <see cref="IQueryIndex"/> holds it: what a query reports about it and needs to resolve references
/// written in it, without its work units.
/// </summary>
/// <param name="Uri">The chain, <c>gt://entity/chain</c>.</param>
/// <param name="Unavailable">
/// Null when it answers; else why not: <see cref="ChainUnavailableReason.NotRegistered"/> or
/// <see cref="ChainUnavailableReason.NeverFetched"/> (the query says why in its own words; for a chain fetched with no
/// branch to read, with the provider's in <see cref="Message"/>), or the reason a load refuses the chain's snapshot for,
/// said in <see cref="Message"/>.
/// </param>
/// <param name="DataAsOf">When its data was fetched; null for the local town and for a chain never fetched.</param>
public sealed record QueryIndexChain(GtUri Uri, ChainUnavailableReason? Unavailable, DateTimeOffset? DataAsOf)
{
    /// <summary>
    /// Whether it answers from an older snapshot because the newest was refused (<see cref="ChainResult.IsFromOlderSnapshot"/>);
    /// <see cref="Notices"/> then leads with the notice saying why.
    /// </summary>
    public bool IsFromOlderSnapshot { get; init; }

    /// <summary>Its routes (prefix to rig), for resolving the short forms written in it.</summary>
    public RouteTable Routes { get; init; } = RouteTable.Empty;

    /// <summary>Whether its own files prove who owns it (<see cref="Chain.IsIdentityVerified"/>).</summary>
    public bool IsIdentityVerified { get; init; }

    /// <summary>What a user should know about it, in order: the provider's notices (staleness), then the chain's own (<see cref="ChainNotices.For"/>: identity, lines dropped, problems omitted).</summary>
    public IReadOnlyList<ChainNotice> Notices { get; init; } = [];

    /// <summary>Its problems of severity warning or worse, each as <see cref="ChainDiagnostic.ToString"/> says it, in the order a load finds them.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>How many lines of its issues files hold no work unit a query can see (<see cref="Chain.DroppedLineCount"/>).</summary>
    public int DroppedLineCount { get; init; }

    /// <summary>How far its identity is proven by keys; null for the local town (see <see cref="ChainResult.IdentityProof"/>).</summary>
    public IdentityProof? Proof { get; init; }

    /// <summary>
    /// For a chain whose snapshot a load refuses: what that load says of it (<see cref="ChainResult.Message"/>), which a
    /// query reports as a load reports it; null otherwise.
    /// </summary>
    public string? Message { get; init; }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
