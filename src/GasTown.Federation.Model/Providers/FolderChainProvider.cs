using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>
/// An <see cref="IChainProvider"/> over folders: a map from chain URI to the folder holding the chain (a town root
/// or a one-rig repository). Handy for tests, samples and towns on one machine. Every chain is read live on each
/// call and checked against its URI (a folder whose town.json names another chain is reported as
/// <see cref="ChainUnavailableReason.IdentityMismatch"/>).
/// </summary>
public sealed class FolderChainProvider : IChainProvider
{
    private readonly Dictionary<GtUri, (string Folder, string? SingleRigName)> _folders = [];
    private readonly ChainLoader _loader;

    /// <summary>Creates a provider.</summary>
    /// <param name="loader">The loader to read chains with.</param>
    /// <param name="localChain">The local town's URI (reported with <see cref="KnownChain.IsLocal"/> true), or null.</param>
    public FolderChainProvider(ChainLoader loader, GtUri? localChain = null)
    {
        ArgumentNullException.ThrowIfNull(loader);
        _loader = loader;
        LocalChain = localChain;
    }

    /// <summary>The local town's URI, or null.</summary>
    public GtUri? LocalChain { get; }

    /// <summary>Registers <paramref name="folder"/> as the chain <paramref name="chain"/> (replacing an earlier registration).</summary>
    /// <param name="chain">The chain URI, <c>gt://entity/chain</c>.</param>
    /// <param name="folder">The folder holding it.</param>
    /// <param name="singleRigName">The rig name when the folder is a one-rig repository, or null.</param>
    /// <returns>This provider.</returns>
    public FolderChainProvider Add(GtUri chain, string folder, string? singleRigName = null)
    {
        if (chain.Kind != GtUriKind.Chain)
        {
            throw new ArgumentException($"A chain URI (gt://entity/chain) is needed, got '{chain}'.", nameof(chain));
        }

        ArgumentException.ThrowIfNullOrEmpty(folder);
        _folders[chain] = (Path.GetFullPath(folder), singleRigName);
        return this;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<KnownChain>> GetKnownChainsAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<KnownChain> known = _folders.Keys.Order().Select(u => new KnownChain(u, null, u == LocalChain)).ToList();
        return ValueTask.FromResult(known);
    }

    /// <inheritdoc />
    public async ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default)
    {
        var key = chain.Kind == GtUriKind.WorkUnit ? chain.ChainUri : chain;
        if (!_folders.TryGetValue(key, out var entry))
        {
            return ChainResult.Failed(key, ChainUnavailableReason.NotRegistered, $"{key} is not registered; add its folder to the provider first.");
        }

        if (!Directory.Exists(entry.Folder))
        {
            return ChainResult.Failed(key, ChainUnavailableReason.Invalid, $"{key} is registered at {entry.Folder}, which does not exist.");
        }

        try
        {
            var options = new ChainLoadOptions { ExpectedChain = key, SingleRigName = entry.SingleRigName };
            var loaded = await _loader.LoadAsync(new FolderChainSource(entry.Folder), options, cancellationToken).ConfigureAwait(false);
            return ChainResult.Answered(loaded);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ChainResult.Failed(key, ChainUnavailableReason.Invalid, $"{key} could not be read from {entry.Folder}: {exception.Message}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A chain that breaks a limit, holds unreadable bytes or makes a reader throw is unavailable with its
            // reason; the caller's other chains still answer.
            return ChainResult.FromException(key, exception);
        }
    }
}
