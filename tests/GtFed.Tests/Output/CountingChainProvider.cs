using System.Collections.Concurrent;
using GasTown.Federation;
using GasTown.Federation.Model;

namespace GtFed.Tests.Output;

/// <summary>
/// Model's <see cref="IChainProvider"/> around the real one, counting how often each chain is asked for. For
/// the local town every request reads its folder again (routes, town.json, every rig's issues.jsonl), so the
/// count is the number of times a command opened those files.
/// </summary>
internal sealed class CountingChainProvider(IChainProvider inner) : IChainProvider
{
    private readonly ConcurrentDictionary<string, int> _loads = new(StringComparer.Ordinal);

    public int LoadsOf(string chain) => _loads.GetValueOrDefault(chain);

    public ValueTask<IReadOnlyList<KnownChain>> GetKnownChainsAsync(CancellationToken cancellationToken = default) => inner.GetKnownChainsAsync(cancellationToken);

    public ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default)
    {
        _loads.AddOrUpdate(chain.ToString(), 1, static (_, n) => n + 1);
        return inner.GetChainAsync(chain, cancellationToken);
    }
}
