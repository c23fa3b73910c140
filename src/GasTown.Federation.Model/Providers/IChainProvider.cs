using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// Where chains come from: the local town and the registered remotes. Query depends only on this; GitTransport
/// implements it over fetched git trees, <see cref="FolderChainProvider"/> over folders.
/// </summary>
public interface IChainProvider
{
    /// <summary>The chains this provider knows (local and registered).</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The known chains.</returns>
    ValueTask<IReadOnlyList<KnownChain>> GetKnownChainsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads one chain from what is stored, without going to the network (<see cref="ChainFetchMode.StoredOnly"/>).
    /// Never throws for an unknown or broken chain: the result says why it is unavailable.
    /// </summary>
    /// <param name="chain">The chain URI, <c>gt://entity/chain</c>.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The chain, or why it is unavailable.</returns>
    ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads one chain, fetching it first when <paramref name="fetch"/> allows and the provider's policy says it is
    /// due. Never throws for an unknown or broken chain. A provider that never fetches (folders) answers as
    /// <see cref="GetChainAsync(GtUri, CancellationToken)"/>, which is what this default implementation does.
    /// </summary>
    /// <param name="chain">The chain URI, <c>gt://entity/chain</c>.</param>
    /// <param name="fetch">Whether the provider may fetch.</param>
    /// <param name="cancellationToken">Cancels the fetch and the load.</param>
    /// <returns>The chain, or why it is unavailable.</returns>
    ValueTask<ChainResult> GetChainAsync(GtUri chain, ChainFetchMode fetch, CancellationToken cancellationToken = default)
        => GetChainAsync(chain, cancellationToken);
}
