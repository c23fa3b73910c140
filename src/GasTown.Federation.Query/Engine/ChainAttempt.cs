using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The outcome of asking for one chain during a query: the loaded chain, or why it is not there.</summary>
internal sealed record ChainAttempt(GtUri Uri, Chain? Chain, UnreachableReason? Reason, string? Message, DateTimeOffset? DataAsOf)
{
    public UnreachableItem ToUnreachable(string target, string? referencedFrom) =>
        new(target, Reason ?? UnreachableReason.UnknownId, Message ?? $"Chain {Uri} is unavailable.", referencedFrom);
}
