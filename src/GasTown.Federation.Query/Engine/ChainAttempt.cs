using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The outcome of asking for one chain during a query: the loaded chain, or why it is not there, and its state for the result.</summary>
internal sealed record ChainAttempt(GtUri Uri, Chain? Chain, UnreachableReason? Reason, string? Message, DateTimeOffset? DataAsOf, ChainState State)
{
    public UnreachableItem ToUnreachable(string target, GtUri? referencedFrom) =>
        new(target, Reason ?? UnreachableReason.UnknownId, Message ?? $"Chain {Uri} is unavailable.", referencedFrom);
}
