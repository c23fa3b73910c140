namespace GasTown.Federation.Model;

/// <summary>Whether an <see cref="IChainProvider"/> may go to the network to answer.</summary>
public enum ChainFetchMode
{
    /// <summary>Answer from what is stored (the local town, the last fetch of a remote); never fetch. The default: a query never waits on the network unless asked to.</summary>
    StoredOnly = 0,

    /// <summary>Fetch first when the provider's own policy says the stored data is missing or old (GitTransport's <c>GitTransportOptions.FetchPolicy</c>).</summary>
    FetchIfDue = 1,
}
