using GasTown.Federation.Model;

namespace GasTown.Federation.Query.Tests.Trust;

/// <summary>
/// A real provider whose answer for one chain is changed by <paramref name="alter"/> (a note added, an exception
/// thrown as a broken remote's load would): the chains are still read from disk.
/// </summary>
internal sealed class AlteredChainProvider(IChainProvider inner, GtUri altered, Func<ChainResult, ChainResult> alter) : IChainProvider
{
    public ValueTask<IReadOnlyList<KnownChain>> GetKnownChainsAsync(CancellationToken cancellationToken = default) => inner.GetKnownChainsAsync(cancellationToken);

    public async ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default)
    {
        var result = await inner.GetChainAsync(chain, cancellationToken);
        return chain.ChainUri == altered ? alter(result) : result;
    }
}
