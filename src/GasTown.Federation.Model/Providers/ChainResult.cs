using System.Diagnostics.CodeAnalysis;
using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>A chain, or why it is unavailable.</summary>
/// <param name="Uri">The chain asked for.</param>
/// <param name="Chain">The chain, or null when unavailable.</param>
/// <param name="Unavailable">Why it is unavailable, or null when <paramref name="Chain"/> is set.</param>
/// <param name="Message">What went wrong and what to do, or a note (for example how old the data is), or null.</param>
/// <param name="DataAsOf">When the data was fetched, or null for a live local chain.</param>
public sealed record ChainResult(GtUri Uri, Chain? Chain, ChainUnavailableReason? Unavailable, string? Message, DateTimeOffset? DataAsOf)
{
    /// <summary>Whether <see cref="Chain"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Chain))]
    public bool IsAvailable => Chain is not null;

    /// <summary>A result holding a chain.</summary>
    public static ChainResult Available(Chain chain, DateTimeOffset? dataAsOf = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return new ChainResult(chain.Uri, chain, null, message, dataAsOf);
    }

    /// <summary>A result saying why <paramref name="uri"/> is unavailable.</summary>
    public static ChainResult Failed(GtUri uri, ChainUnavailableReason reason, string message, DateTimeOffset? dataAsOf = null)
        => new(uri, null, reason, message, dataAsOf);
}
