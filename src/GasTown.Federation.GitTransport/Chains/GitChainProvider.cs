using System.Globalization;
using GasTown.Federation;
using GasTown.Federation.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Model's <see cref="IChainProvider"/> over git: the known chains are the local town (read from
/// its folder) and every registered remote (read from the git tree of its fetched branch, never
/// checked out). A remote chain is fetched first when the <see cref="FetchPolicy"/> says so; when
/// the network fails, the answer comes from the last fetch and says how old it is.
/// </summary>
/// <remarks>
/// <para>Identity: a fetched town whose <c>town.json</c> does not match the registered gt:// URI is
/// refused (<see cref="ChainUnavailableReason.IdentityMismatch"/>); if an earlier snapshot of that
/// remote passed the checks, it is answered instead and <see cref="ChainResult.Message"/> says
/// why. A one-rig repository cannot prove who owns it: its chain is marked unverified.</para>
/// <para>Loaded chains are cached per (remote, commit), and Model's loader parses each blob once
/// per blob id, so a warm query costs lookups only. Thread-safe.</para>
/// </remarks>
public sealed class GitChainProvider : IChainProvider
{
    private readonly RemoteRegistry _registry;
    private readonly ChainFetcher _fetcher;
    private readonly ChainLoader _loader;
    private readonly GitTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LoadedChainCache _chains;
    private readonly Lock _tipGate = new();
    private readonly Dictionary<string, (DateTimeOffset? FetchedAt, string? Commit)> _tips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset At, string Message)> _failedFetches = new(StringComparer.Ordinal);
    private readonly Dictionary<LoadedChainKey, Exception> _refused = [];

    // A reference, so that threads never see a half-written GtUri.
    private LocalChain? _localChain;

    /// <summary>Creates the provider.</summary>
    /// <param name="registry">The registered remotes.</param>
    /// <param name="fetcher">Fetches remotes when the policy says so.</param>
    /// <param name="loader">Model's chain loader (ideally with an <see cref="IParsedBlobCache"/> such as <see cref="ParsedBlobCache"/>).</param>
    /// <param name="options">The town root, the fetch policy and the cache size.</param>
    /// <param name="timeProvider">The clock for data ages; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where refusals and offline answers are logged; optional.</param>
    public GitChainProvider(
        RemoteRegistry registry,
        ChainFetcher fetcher,
        ChainLoader loader,
        GitTransportOptions options,
        TimeProvider? timeProvider = null,
        ILogger<GitChainProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _fetcher = fetcher;
        _loader = loader;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _chains = new LoadedChainCache(Math.Max(1, options.ChainCacheEntries));
        FetchPolicy = options.FetchPolicy;
    }

    /// <summary>
    /// After a failed fetch, how long queries answer from the last fetch before trying the
    /// network again, for <see cref="FetchPolicy.IfMissing"/> (for <see cref="FetchPolicy.IfOlderThan"/>
    /// the policy's own <see cref="FetchPolicy.MaxAge"/> is used).
    /// </summary>
    public static readonly TimeSpan FailedFetchBackOff = TimeSpan.FromMinutes(1);

    private const int RefusedSnapshotsKept = 256;

    /// <summary>When remote chains are fetched before answering; set by the host (e.g. <see cref="FetchPolicy.Never"/> for offline use).</summary>
    public FetchPolicy FetchPolicy { get; set; }

    /// <summary>The town root whose own chain this provider serves from its folder.</summary>
    public string TownRoot => _options.TownRoot;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<KnownChain>> GetKnownChainsAsync(CancellationToken cancellationToken = default)
    {
        var known = new List<KnownChain>();
        if (await GetLocalChainUriAsync(cancellationToken).ConfigureAwait(false) is { } local)
        {
            known.Add(new KnownChain(local, null, IsLocal: true));
        }

        foreach (var remote in _registry.List())
        {
            known.Add(new KnownChain(remote.Chain, remote.Name, IsLocal: false));
        }

        return known;
    }

    /// <inheritdoc />
    public async ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default)
    {
        if (chain.IsDefault || chain.Kind == GtUriKind.Entity)
        {
            return new ChainResult(chain, null, ChainUnavailableReason.Invalid, $"'{chain}' does not name a chain; use gt://<entity>/<chain>.", null);
        }

        var chainUri = chain.Kind == GtUriKind.Chain ? chain : chain.ChainUri;
        if (_registry.TryFindByChain(chainUri, out var remote))
        {
            return await GetRemoteChainAsync(remote, cancellationToken).ConfigureAwait(false);
        }

        if (await GetLocalChainUriAsync(cancellationToken).ConfigureAwait(false) is { } local && local == chainUri)
        {
            return await GetLocalChainAsync(local, cancellationToken).ConfigureAwait(false);
        }

        return new ChainResult(chainUri, null, ChainUnavailableReason.NotRegistered,
            $"No remote serves {chainUri}. Register it with 'gtfed remote add <name> {chainUri} --url <git-url>'.", null);
    }

    /// <summary>The chain of one registered remote, fetched first if the policy says so.</summary>
    /// <param name="remoteName">The remote's name.</param>
    /// <param name="cancellationToken">Cancels fetching and loading.</param>
    /// <returns>The chain, or why it is unavailable.</returns>
    /// <exception cref="RemoteNotFoundException">No remote has that name.</exception>
    public ValueTask<ChainResult> GetRemoteChainAsync(string remoteName, CancellationToken cancellationToken = default)
        => GetRemoteChainAsync(_registry.Get(remoteName), cancellationToken);

    private async ValueTask<ChainResult> GetRemoteChainAsync(RegisteredRemote remote, CancellationToken cancellationToken)
    {
        var tip = ResolveTip(remote);
        string? fetchProblem = null;
        var now = _time.GetUtcNow();
        if (FetchPolicy.ShouldFetch(remote.LastFetchedAt, tip is not null, now))
        {
            if (RecentFailure(remote.Name, now) is { } recent)
            {
                // Without network every query would wait for the same failure (up to the fetch
                // timeout): retry only once the back-off has passed.
                fetchProblem = recent;
            }
            else
            {
                try
                {
                    await _fetcher.FetchAsync(remote, null, cancellationToken).ConfigureAwait(false);
                    remote = _registry.Get(remote.Name);
                    tip = ResolveTip(remote);
                    lock (_tipGate)
                    {
                        _failedFetches.Remove(remote.Name);
                    }
                }
                catch (RemoteFetchException ex)
                {
                    fetchProblem = ex.Message;
                    lock (_tipGate)
                    {
                        _failedFetches[remote.Name] = (_time.GetUtcNow(), ex.Message);
                    }
                }
            }
        }

        if (tip is null)
        {
            return fetchProblem is not null
                ? new ChainResult(remote.Chain, null, ChainUnavailableReason.FetchFailed, fetchProblem, null)
                : new ChainResult(remote.Chain, null, ChainUnavailableReason.NeverFetched,
                    remote.LastFetchedAt is null
                        ? $"Remote '{remote.Name}' ({remote.Chain}) was never fetched. Run 'gtfed fetch {remote.Name}'."
                        : $"Remote '{remote.Name}' ({remote.Chain}) was fetched but has no branch to read ({(remote.Branch ?? (remote.IsSingleRig ? "main or master" : FederationRepository.PublishedBranch))}). Ask its owner to publish, or register the right branch.",
                    remote.LastFetchedAt);
        }

        var loaded = await LoadAsync(remote, tip, cancellationToken).ConfigureAwait(false);
        if (loaded.Chain is { } chain)
        {
            string? message = null;
            if (fetchProblem is not null)
            {
                message = $"{fetchProblem} Answering from the data fetched {Age(remote.LastFetchedAt)}.";
                Log.AnsweringFromLastFetch(_logger, remote.Chain.ToString(), remote.Name, remote.LastFetchedAt, fetchProblem);
            }

            if (!chain.IsIdentityVerified)
            {
                var unverified = chain.Layout == ChainLayout.SingleRig
                    ? $"Remote '{remote.Name}' is a one-rig repository: who owns {remote.Chain} cannot be verified."
                    : $"Remote '{remote.Name}' has a town.json without owner: who owns {remote.Chain} cannot be verified.";
                message = message is null ? unverified : message + " " + unverified;
            }

            return new ChainResult(chain.Uri, chain, null, message, remote.LastFetchedAt);
        }

        // The newest snapshot is refused: fall back to the last one that passed, if any.
        var refusal = loaded.Refusal!;
        var verified = _registry.Repository.Use(repo => TrackingRefs.ReadVerified(repo, remote.Name));
        if (verified is not null && verified != tip)
        {
            var previous = await LoadAsync(remote, verified, cancellationToken).ConfigureAwait(false);
            if (previous.Chain is { } older)
            {
                var message = $"The newest snapshot of remote '{remote.Name}' ({tip[..7]}) was refused: {refusal.Message} Answering from the last snapshot that passed ({verified[..7]}).";
                Log.AnsweringFromLastFetch(_logger, remote.Chain.ToString(), remote.Name, remote.LastFetchedAt, refusal.Message);
                return new ChainResult(older.Uri, older, null, message, remote.LastFetchedAt);
            }
        }

        var reason = refusal is ChainIdentityException ? ChainUnavailableReason.IdentityMismatch : ChainUnavailableReason.Invalid;
        return new ChainResult(remote.Chain, null, reason, $"Remote '{remote.Name}' at {tip[..7]} was refused: {refusal.Message}", remote.LastFetchedAt);
    }

    private async ValueTask<(Chain? Chain, Exception? Refusal)> LoadAsync(RegisteredRemote remote, string commit, CancellationToken cancellationToken)
    {
        var key = new LoadedChainKey(remote.Name, remote.Chain, remote.Rig, commit);
        if (_chains.TryGet(key, out var cached))
        {
            return (cached, null);
        }

        lock (_tipGate)
        {
            // A refused snapshot stays refused: its tree cannot change.
            if (_refused.TryGetValue(key, out var refusal))
            {
                return (null, refusal);
            }
        }

        var source = new GitTreeChainSource(_registry.Repository, commit, $"remote {remote.Name} at {commit[..7]}");
        var options = new ChainLoadOptions { ExpectedChain = remote.Chain, SingleRigName = remote.Rig };
        try
        {
            var chain = await _loader.LoadAsync(source, options, cancellationToken).ConfigureAwait(false);
            _chains.Add(key, chain);
            _registry.Repository.Use(repo => TrackingRefs.WriteVerified(repo, remote.Name, commit));
            Log.ChainLoaded(_logger, remote.Chain.ToString(), remote.Name, commit);
            return (chain, null);
        }
        catch (Exception ex) when (ex is ChainException or GitTransportException or FormatException or FederationException)
        {
            Log.ChainRefused(_logger, remote.Chain.ToString(), remote.Name, commit, ex);
            // Only the chain's own content is a lasting reason; a repository error may pass.
            lock (_tipGate)
            {
                if (ex is not ChainException)
                {
                    return (null, ex);
                }

                if (_refused.Count >= RefusedSnapshotsKept)
                {
                    _refused.Clear();
                }

                _refused[key] = ex;
            }

            return (null, ex);
        }
    }

    private async ValueTask<ChainResult> GetLocalChainAsync(GtUri local, CancellationToken cancellationToken)
    {
        try
        {
            var chain = await _loader.LoadAsync(new FolderChainSource(_options.TownRoot), new ChainLoadOptions { ExpectedChain = local }, cancellationToken).ConfigureAwait(false);
            return new ChainResult(chain.Uri, chain, null, null, null);
        }
        catch (ChainException ex)
        {
            return new ChainResult(local, null, ChainUnavailableReason.Invalid, $"The local town at {_options.TownRoot} could not be read: {ex.Message}", null);
        }
    }

    private async ValueTask<GtUri?> GetLocalChainUriAsync(CancellationToken cancellationToken)
    {
        if (_localChain is { } known)
        {
            return known.Uri;
        }

        if (string.IsNullOrEmpty(_options.TownRoot))
        {
            return null;
        }

        try
        {
            var metadata = await TownMetadata.LoadAsync(_options.TownRoot, cancellationToken).ConfigureAwait(false);
            if (metadata.TryGetOwnerEntity(out var owner))
            {
                _localChain = new LocalChain(GtUri.ForChain(owner, metadata.Name));
            }
        }
        catch (Exception ex) when (ex is IOException or ChainException or TownMetadataException or FormatException or FederationException)
        {
            return null;
        }

        return _localChain?.Uri;
    }

    /// <summary>The message of a fetch of this remote that failed within the back-off, or null.</summary>
    private string? RecentFailure(string remoteName, DateTimeOffset now)
    {
        var backOff = FetchPolicy.Kind == FetchPolicyKind.IfOlderThan ? FetchPolicy.MaxAge : FailedFetchBackOff;
        lock (_tipGate)
        {
            return _failedFetches.TryGetValue(remoteName, out var failure) && now - failure.At < backOff ? failure.Message : null;
        }
    }

    private string? ResolveTip(RegisteredRemote remote)
    {
        lock (_tipGate)
        {
            // Every fetch writes gtFetchedAt, so a tip resolved for this fetch time is still current.
            if (_tips.TryGetValue(remote.Name, out var cached) && cached.FetchedAt == remote.LastFetchedAt && cached.Commit is not null)
            {
                return cached.Commit;
            }
        }

        var tip = _registry.Repository.Use(repo => TrackingRefs.ResolveTip(repo, remote))?.Commit;
        lock (_tipGate)
        {
            _tips[remote.Name] = (remote.LastFetchedAt, tip);
        }

        return tip;
    }

    private string Age(DateTimeOffset? fetchedAt)
    {
        if (fetchedAt is null)
        {
            return "at an unknown time";
        }

        var age = _time.GetUtcNow() - fetchedAt.Value;
        var text = age.TotalDays >= 1 ? $"{(int)age.TotalDays} d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h" : $"{Math.Max(0, (int)age.TotalMinutes)} min";
        return $"at {fetchedAt.Value.ToString("u", CultureInfo.InvariantCulture)} ({text} ago)";
    }

    private sealed record LocalChain(GtUri Uri);
}
