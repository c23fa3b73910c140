namespace GasTown.Federation.Model;

/// <summary>Something a user should know about an answered chain: a trust state, the age of the data, lost lines.</summary>
/// <param name="Kind">What it is about, for hosts that react or render per kind.</param>
/// <param name="Message">The sentence to show, naming the chain and, where there is one, the reason.</param>
public sealed record ChainNotice(ChainNoticeKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
