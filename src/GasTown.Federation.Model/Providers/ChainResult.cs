using System.Diagnostics.CodeAnalysis;
using System.Text;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// A chain, or why it is unavailable, with everything a query should tell its user about it: the trust state of an
/// answered chain (<see cref="Notices"/>: identity unverified, answered from an older snapshot because the newest was
/// refused, data stale or from before a failed fetch, lines dropped), or the typed reason it is unavailable
/// (<see cref="Unavailable"/>, <see cref="Limit"/>) with <see cref="Message"/>.
/// </summary>
/// <param name="Uri">The chain asked for.</param>
/// <param name="Chain">The chain, or null when unavailable.</param>
/// <param name="Unavailable">Why it is unavailable, or null when <paramref name="Chain"/> is set.</param>
/// <param name="Message">
/// For an unavailable chain: what went wrong and what to do. For an answered chain: every notice's message, joined
/// (null when there is none); read <see cref="Notices"/> for them one by one.
/// </param>
/// <param name="DataAsOf">When the data was fetched, or null for a live local chain.</param>
public sealed record ChainResult(GtUri Uri, Chain? Chain, ChainUnavailableReason? Unavailable, string? Message, DateTimeOffset? DataAsOf)
{
    /// <summary>Whether <see cref="Chain"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Chain))]
    public bool IsAvailable => Chain is not null;

    /// <summary>What a user should know about an answered chain, in the order found; empty when there is nothing to say.</summary>
    public IReadOnlyList<ChainNotice> Notices { get; init; } = [];

    /// <summary>When the answer comes from an older snapshot because the newest was refused: the refused one and why.</summary>
    public RefusedSnapshot? RefusedSnapshot { get; init; }

    /// <summary>For <see cref="ChainUnavailableReason.LimitExceeded"/> (or a refused snapshot that broke one): the limit broken.</summary>
    public ChainLimitKind? Limit { get; init; }

    /// <summary>Whether a notice says the data is older than the provider's staleness threshold.</summary>
    public bool IsStale => HasNotice(ChainNoticeKind.Stale);

    /// <summary>Whether the answer comes from an older snapshot because the newest was refused.</summary>
    public bool IsFromOlderSnapshot => RefusedSnapshot is not null;

    /// <summary>
    /// How far the answering snapshot's identity is proven: signed by a key the entity publishes, by a pinned key, or
    /// name only. Null when the provider does not judge signatures (the local town, folder providers).
    /// </summary>
    public IdentityProof? IdentityProof { get; init; }

    /// <summary>Whether the chain's identity is proven by its own files (false when unavailable).</summary>
    public bool IsIdentityVerified => Chain is { IsIdentityVerified: true };

    /// <summary>A result holding a chain, with <paramref name="message"/> as its only note and no <see cref="Notices"/>; providers use <see cref="Answered"/>.</summary>
    /// <param name="chain">The chain.</param>
    /// <param name="dataAsOf">When it was fetched, or null for a live chain.</param>
    /// <param name="message">A note to show, or null.</param>
    /// <returns>The result.</returns>
    public static ChainResult Available(Chain chain, DateTimeOffset? dataAsOf = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return new ChainResult(chain.Uri, chain, null, message, dataAsOf);
    }

    /// <summary>
    /// A result holding a chain with its notices: the chain's own (identity, dropped lines, omitted diagnostics, see
    /// <see cref="ChainNotices.For(Chain)"/>) after the provider's (<paramref name="notices"/>: fetch, staleness, refused snapshot).
    /// <see cref="Message"/> joins them.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="dataAsOf">When it was fetched, or null for a live chain.</param>
    /// <param name="notices">The provider's notices, or null.</param>
    /// <param name="refusedSnapshot">The refused newer snapshot, when an older one answers.</param>
    /// <returns>The result.</returns>
    public static ChainResult Answered(Chain chain, DateTimeOffset? dataAsOf = null, IEnumerable<ChainNotice>? notices = null, RefusedSnapshot? refusedSnapshot = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var all = new List<ChainNotice>();
        if (notices is not null)
        {
            all.AddRange(notices);
        }

        all.AddRange(ChainNotices.For(chain));
        return new ChainResult(chain.Uri, chain, null, all.Count == 0 ? null : string.Join(" ", all.Select(n => n.Message)), dataAsOf)
        {
            Notices = all,
            RefusedSnapshot = refusedSnapshot,
        };
    }

    /// <summary>A result saying why <paramref name="uri"/> is unavailable.</summary>
    /// <param name="uri">The chain asked for.</param>
    /// <param name="reason">Why it is unavailable.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="dataAsOf">When the data was fetched, if there is any.</param>
    /// <returns>The result.</returns>
    public static ChainResult Failed(GtUri uri, ChainUnavailableReason reason, string message, DateTimeOffset? dataAsOf = null)
        => new(uri, null, reason, message, dataAsOf);

    /// <summary>
    /// A result saying why <paramref name="uri"/> is unavailable, from the exception its load threw: the reason is
    /// chosen by the exception's type (<see cref="ChainIdentityException"/>, <see cref="ChainLimitExceededException"/>,
    /// <see cref="ChainContentException"/>, another <see cref="ChainException"/>, or anything else as
    /// <see cref="ChainUnavailableReason.Unreadable"/>).
    /// </summary>
    /// <param name="uri">The chain asked for.</param>
    /// <param name="exception">What the load threw.</param>
    /// <param name="message">The message, or null for the exception's.</param>
    /// <param name="dataAsOf">When the data was fetched, if there is any.</param>
    /// <returns>The result.</returns>
    public static ChainResult FromException(GtUri uri, Exception exception, string? message = null, DateTimeOffset? dataAsOf = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new ChainResult(uri, null, ReasonFor(exception), message ?? exception.Message, dataAsOf)
        {
            Limit = (exception as ChainLimitExceededException)?.Limit,
        };
    }

    /// <summary>The unavailable reason a load failure stands for (see <see cref="FromException"/>).</summary>
    /// <param name="exception">What the load threw.</param>
    /// <returns>The reason.</returns>
    public static ChainUnavailableReason ReasonFor(Exception exception) => exception switch
    {
        ChainIdentityException => ChainUnavailableReason.IdentityMismatch,
        ChainSignatureException => ChainUnavailableReason.SignatureRefused,
        ChainLimitExceededException => ChainUnavailableReason.LimitExceeded,
        ChainContentException => ChainUnavailableReason.Unreadable,
        ChainException => ChainUnavailableReason.Invalid,
        _ => ChainUnavailableReason.Unreadable,
    };

    private bool HasNotice(ChainNoticeKind kind)
    {
        foreach (var notice in Notices)
        {
            if (notice.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
