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
    /// Loads one chain from what is stored, without going to the network (<see cref="ChainFetchMode.Never"/>).
    /// Never throws for an unknown or broken chain: the result says why it is unavailable.
    /// </summary>
    /// <param name="chain">The chain URI, <c>gt://entity/chain</c>.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The chain, or why it is unavailable.</returns>
    ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads one chain, going to the network first only as <paramref name="fetch"/> allows. Providers that never
    /// fetch (folders) need not implement it: the default answers as <see cref="GetChainAsync(GtUri, CancellationToken)"/>.
    /// </summary>
    /// <param name="chain">The chain URI, <c>gt://entity/chain</c>.</param>
    /// <param name="fetch">Whether the provider may fetch before answering.</param>
    /// <param name="cancellationToken">Cancels the load (and any fetch).</param>
    /// <returns>The chain, or why it is unavailable.</returns>
    ValueTask<ChainResult> GetChainAsync(GtUri chain, ChainFetchMode fetch, CancellationToken cancellationToken = default)
        => GetChainAsync(chain, cancellationToken);
}
