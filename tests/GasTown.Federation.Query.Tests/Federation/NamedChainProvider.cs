using GasTown.Federation.Model;

namespace GasTown.Federation.Query.Tests.Federation;

/// <summary>
/// Gives the chains of a real <see cref="FolderChainProvider"/> remote names, as a git-backed provider
/// reports them, so <c>list --remote NAME</c> can be tested over folders. Chains are still read from disk.
/// </summary>
internal sealed class NamedChainProvider(FolderChainProvider inner, IReadOnlyDictionary<GtUri, string> names) : IChainProvider
{
    public int ChainRequests { get; private set; }

    public async ValueTask<IReadOnlyList<KnownChain>> GetKnownChainsAsync(CancellationToken cancellationToken = default)
    {
        var known = await inner.GetKnownChainsAsync(cancellationToken);
        return known.Select(k => k with { RemoteName = names.TryGetValue(k.Uri, out var name) ? name : null }).ToList();
    }

    public ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default)
    {
        ChainRequests++;
        return inner.GetChainAsync(chain, cancellationToken);
    }
}
