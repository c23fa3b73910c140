namespace GasTown.Federation.Model;

/// <summary>
/// Whether loading a chain may go to the network first. Queries pass <see cref="Never"/> unless their caller
/// asks, so a read never waits on a remote host unasked.
/// </summary>
public enum ChainFetchMode
{
    /// <summary>Answer from what was fetched before; a chain never fetched is reported as <see cref="ChainUnavailableReason.NeverFetched"/>.</summary>
    Never = 0,

    /// <summary>Fetch a remote chain that was never fetched (or has nothing to read yet); otherwise answer from what was fetched.</summary>
    IfMissing = 1,

    /// <summary>Let the provider's own freshness rule decide (for git, <c>GitTransportOptions.FetchPolicy</c>), which may fetch stale chains.</summary>
    ProviderPolicy = 2,
}
