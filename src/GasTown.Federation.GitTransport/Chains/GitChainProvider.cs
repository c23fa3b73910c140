using System.Globalization;
using GasTown.Federation;
using GasTown.Federation.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Model's <see cref="IChainProvider"/> over git: the known chains are the local town (read from
/// its folder) and every registered remote (read from the git tree of its fetched branch, never
/// checked out). By default nothing is fetched: <see cref="GetChainAsync(GtUri, CancellationToken)"/> answers
/// from the last fetch. A caller that passes <see cref="ChainFetchMode.ProviderPolicy"/> has the remote fetched first
/// when <see cref="GitTransportOptions.FetchPolicy"/> says so; when the network fails, the answer comes from the
/// last fetch and says how old it is.
/// </summary>
/// <remarks>
/// <para>Identity and containment: a fetched snapshot whose <c>town.json</c> does not match the registered
/// gt:// URI, that breaks a <see cref="ChainLimits"/> bound or that no reader can take is refused
/// (<see cref="ChainUnavailableReason.IdentityMismatch"/>, <see cref="ChainUnavailableReason.LimitExceeded"/>,
/// <see cref="ChainUnavailableReason.Unreadable"/>...); if an earlier snapshot of that remote passed the checks,
/// it answers instead, with <see cref="ChainResult.RefusedSnapshot"/> and a
/// <see cref="ChainNoticeKind.NewestSnapshotRefused"/> notice saying why. A one-rig repository or an owner-less
/// town.json cannot prove who owns it: the result carries a <see cref="ChainNoticeKind.IdentityUnverified"/> notice,
/// and data older than <see cref="GitTransportOptions.StaleAfter"/> a <see cref="ChainNoticeKind.Stale"/> one.</para>
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
    private readonly LruCache<LoadedChainKey, Chain> _chains;
    private readonly LruCache<LoadedChainKey, IdentityProof> _proofs;
    private readonly LruCache<LoadedChainKey, (Exception Refusal, string? Trust)> _refused;
    private readonly Lock _tipGate = new();
    private readonly Dictionary<string, (DateTimeOffset? FetchedAt, string? Commit)> _tips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset At, string Message)> _failedFetches = new(StringComparer.Ordinal);

    // A reference, so that threads never see a half-written GtUri.
    private LocalChain? _localChain;

    /// <summary>Creates the provider.</summary>
    /// <param name="registry">The registered remotes.</param>
    /// <param name="fetcher">Fetches remotes when the policy says so.</param>
    /// <param name="loader">Model's chain loader (ideally with an <see cref="IParsedBlobCache"/> such as <see cref="ParsedBlobCache"/>).</param>
    /// <param name="options">The town root, the fetch policy, the staleness threshold and the cache size (read once, here).</param>
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
        _chains = new LruCache<LoadedChainKey, Chain>(Math.Max(1, options.ChainCacheEntries));
        _proofs = new LruCache<LoadedChainKey, IdentityProof>(Math.Max(1, options.ChainCacheEntries));
        _refused = new LruCache<LoadedChainKey, (Exception Refusal, string? Trust)>(RefusedSnapshotsKept);
        FetchPolicy = options.FetchPolicy;
        StaleAfter = options.StaleAfter;
    }

    /// <summary>
    /// After a failed fetch, how long queries answer from the last fetch before trying the
    /// network again, for <see cref="FetchPolicy.IfMissing"/> (for <see cref="FetchPolicy.IfOlderThan"/>
    /// the policy's own <see cref="FetchPolicy.MaxAge"/> is used).
    /// </summary>
    public static readonly TimeSpan FailedFetchBackOff = TimeSpan.FromMinutes(1);

    private const int RefusedSnapshotsKept = 256;

    /// <summary>
    /// When a remote chain asked for with <see cref="ChainFetchMode.ProviderPolicy"/> is fetched first
    /// (<see cref="GitTransportOptions.FetchPolicy"/>, fixed when the provider is made: the provider is shared, so
    /// one caller cannot change it under another). A caller that must not wait on the network passes
    /// <see cref="ChainFetchMode.Never"/>, the default.
    /// </summary>
    public FetchPolicy FetchPolicy { get; }

    /// <summary>The age after which fetched data is reported stale (<see cref="GitTransportOptions.StaleAfter"/>).</summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>The number of loaded chains kept (<see cref="GitTransportOptions.ChainCacheEntries"/>).</summary>
    internal int ChainCacheCapacity => _chains.Capacity;

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
    /// <remarks>Never fetches: the answer comes from the last fetch (or says the remote was never fetched).</remarks>
    public ValueTask<ChainResult> GetChainAsync(GtUri chain, CancellationToken cancellationToken = default)
        => GetChainAsync(chain, ChainFetchMode.Never, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<ChainResult> GetChainAsync(GtUri chain, ChainFetchMode fetch, CancellationToken cancellationToken = default)
    {
        if (chain.IsDefault || chain.Kind == GtUriKind.Entity)
        {
            return ChainResult.Failed(chain, ChainUnavailableReason.Invalid, $"'{chain}' does not name a chain; a chain is named gt://<entity>/<chain>.");
        }

        var chainUri = chain.Kind == GtUriKind.Chain ? chain : chain.ChainUri;
        if (_registry.TryFindByChain(chainUri, out var remote))
        {
            return await GetRemoteChainAsync(remote, fetch, cancellationToken).ConfigureAwait(false);
        }

        if (await GetLocalChainUriAsync(cancellationToken).ConfigureAwait(false) is { } local && local == chainUri)
        {
            return await GetLocalChainAsync(local, cancellationToken).ConfigureAwait(false);
        }

        return ChainResult.Failed(chainUri, ChainUnavailableReason.NotRegistered,
            $"No remote serves {chainUri}. Register it as a remote (RemoteRegistry.Add with its gt:// URI and git URL), then fetch it.");
    }

    /// <summary>The chain of one registered remote, from its last fetch (never fetched here).</summary>
    /// <param name="remoteName">The remote's name.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The chain, or why it is unavailable.</returns>
    /// <exception cref="RemoteNotFoundException">No remote has that name.</exception>
    public ValueTask<ChainResult> GetRemoteChainAsync(string remoteName, CancellationToken cancellationToken = default)
        => GetRemoteChainAsync(_registry.Get(remoteName), ChainFetchMode.Never, cancellationToken);

    /// <summary>The chain of one registered remote, fetched first only as <paramref name="fetch"/> allows.</summary>
    /// <param name="remoteName">The remote's name.</param>
    /// <param name="fetch">Whether it may be fetched first, and by which rule.</param>
    /// <param name="cancellationToken">Cancels fetching and loading.</param>
    /// <returns>The chain, or why it is unavailable.</returns>
    /// <exception cref="RemoteNotFoundException">No remote has that name.</exception>
    public ValueTask<ChainResult> GetRemoteChainAsync(string remoteName, ChainFetchMode fetch, CancellationToken cancellationToken = default)
        => GetRemoteChainAsync(_registry.Get(remoteName), fetch, cancellationToken);

    // The caller's fetch mode for this one call; the configured policy only when the caller defers to it.
    private FetchPolicy PolicyFor(ChainFetchMode fetch) => fetch switch
    {
        ChainFetchMode.IfMissing => FetchPolicy.IfMissing,
        ChainFetchMode.ProviderPolicy => FetchPolicy,
        _ => FetchPolicy.Never,
    };

    private async ValueTask<ChainResult> GetRemoteChainAsync(RegisteredRemote remote, ChainFetchMode fetch, CancellationToken cancellationToken)
    {
        var tip = ResolveTip(remote);
        string? fetchProblem = null;
        var now = _time.GetUtcNow();
        if (PolicyFor(fetch).ShouldFetch(remote.LastFetchedAt, tip is not null, now))
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
                catch (RemoteFetchException ex) when (ex.Kind == FetchFailureKind.SnapshotRefused)
                {
                    // The transfer worked and the tracking ref moved; the refusal is said below, from the snapshot itself.
                    remote = _registry.Get(remote.Name);
                    tip = ResolveTip(remote);
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

        if (tip is null && fetchProblem is null && remote.LastFetchFailure is { } recorded)
        {
            // Nothing to answer from, and a fetch failed (in another process, or before this provider was made): said as
            // that failure, not as a remote never fetched. With data, StaleNotice says it.
            fetchProblem = RecordedFailure(remote, recorded);
        }

        if (tip is null)
        {
            return fetchProblem is not null
                ? ChainResult.Failed(remote.Chain, ChainUnavailableReason.FetchFailed, fetchProblem)
                : ChainResult.Failed(remote.Chain, ChainUnavailableReason.NeverFetched, NothingFetched(remote), remote.LastFetchedAt);
        }

        var notices = new List<ChainNotice>();
        if (fetchProblem is not null)
        {
            notices.Add(new ChainNotice(ChainNoticeKind.FetchFailed, $"{fetchProblem} Answering from the data fetched {Age(remote.LastFetchedAt)}."));
            Log.AnsweringFromLastFetch(_logger, remote.Chain.ToString(), remote.Name, remote.LastFetchedAt, fetchProblem);
        }

        // A failure just now is said above; one recorded before it is past.
        if (StaleNotice(fetchProblem is null ? remote : remote with { LastFetchFailure = null }) is { } stale)
        {
            notices.Add(stale);
        }

        var loaded = await LoadAsync(remote, tip, judgeSignature: true, cancellationToken).ConfigureAwait(false);
        if (loaded.Chain is { } chain)
        {
            return ChainResult.Answered(chain, remote.LastFetchedAt, notices) with { IdentityProof = loaded.Proof };
        }

        // The newest snapshot is refused: fall back to the last one that passed, if any.
        var refusal = loaded.Refusal!;
        var reason = ChainResult.ReasonFor(refusal);
        var verified = _registry.Repository.Use(repo => TrackingRefs.ReadVerified(repo, remote.Name));
        if (verified is not null && verified != tip)
        {
            var previous = await LoadAsync(remote, verified, judgeSignature: false, cancellationToken).ConfigureAwait(false);
            if (previous.Chain is { } older)
            {
                var refused = new RefusedSnapshot(tip, reason, refusal.Message, verified);
                notices.Insert(0, OlderSnapshotNotice(remote, verified, tip, refusal));
                Log.AnsweringFromLastFetch(_logger, remote.Chain.ToString(), remote.Name, remote.VerifiedFetchedAt, refusal.Message);
                // As of the last fetch that found the older snapshot the tip, not the fetch that brought the refused one.
                return ChainResult.Answered(older, remote.VerifiedFetchedAt, notices, refused) with
                {
                    Limit = (refusal as ChainLimitExceededException)?.Limit,
                    IdentityProof = previous.Proof,
                };
            }
        }

        return ChainResult.FromException(remote.Chain, refusal, RefusedMessage(remote, tip, refusal), remote.LastFetchedAt);
    }

    /// <summary>
    /// What a load says of a remote whose newest snapshot is refused and that has no older one to answer from: said here
    /// for the chains this provider loads and for those the federation index describes without loading.
    /// </summary>
    internal static string RefusedMessage(RegisteredRemote remote, string tip, Exception refusal)
        => $"Remote '{remote.Name}' at {tip[..7]} was refused ({Describe(refusal)}): {refusal.Message}";

    /// <summary>
    /// The notice a remote's answer carries when it comes from its last verified snapshot because the newest was refused:
    /// said here for the chains this provider loads and for those the federation index holds the older snapshot of.
    /// </summary>
    internal static ChainNotice OlderSnapshotNotice(RegisteredRemote remote, string verified, string tip, Exception refusal)
        => new(ChainNoticeKind.NewestSnapshotRefused,
            $"Answered from an older snapshot of remote '{remote.Name}' ({verified[..7]}) because the newest ({tip[..7]}) was refused ({Describe(refusal)}): {refusal.Message}");

    /// <summary>
    /// The notice a remote's data carries when it may no longer be current, else null: a fetch failed since it was fetched
    /// (<see cref="RegisteredRemote.LastFetchFailure"/>, remembered across processes: <see cref="ChainNoticeKind.FetchFailed"/>,
    /// or <see cref="ChainNoticeKind.Stale"/> when the remote no longer publishes the chain at all), or it was fetched
    /// longer ago than <see cref="StaleAfter"/>. Said here for the chains this provider loads and for those the federation
    /// index answers without loading.
    /// </summary>
    internal ChainNotice? StaleNotice(RegisteredRemote remote)
    {
        if (remote.LastFetchFailure is { } failure)
        {
            var said = $"{RecordedFailure(remote, failure)} Answering from the data fetched {Age(remote.LastFetchedAt)}.";
            return new ChainNotice(failure.Kind == FetchFailureKind.NotPublished ? ChainNoticeKind.Stale : ChainNoticeKind.FetchFailed, said);
        }

        return remote.LastFetchedAt is { } fetchedAt && _time.GetUtcNow() - fetchedAt > StaleAfter
            ? new ChainNotice(ChainNoticeKind.Stale,
                // Read by whoever reads the answer (a page shows it as it is): the host's limit in words, not the option
                // (GitTransportOptions.StaleAfter) that sets it, nor .NET's "7.00:00:00".
                $"The data of remote '{remote.Name}' ({remote.Chain}) was fetched {Age(fetchedAt)}, longer ago than {Span(StaleAfter)}, after which this host calls data stale; fetch it to see newer work.")
            : null;
    }

    private string RecordedFailure(RegisteredRemote remote, FetchFailureRecord failure) => RecordedFailure(remote, failure, Age(failure.At));

    /// <summary>
    /// Why a remote with no fetched branch and no failed fetch on record has nothing to read, in words: it was never
    /// fetched, or it was and publishes no branch (yet). Said here and by the federation index.
    /// </summary>
    internal static string NothingFetched(RegisteredRemote remote)
        => remote.LastFetchedAt is null
            ? $"Remote '{remote.Name}' ({remote.Chain}) was never fetched; fetch it first."
            : $"Remote '{remote.Name}' ({remote.Chain}) was fetched but has no branch to read ({remote.Branch ?? (remote.IsSingleRig ? "main or master" : FederationRepository.PublishedBranch)}). Ask its owner to publish, or register the right branch.";

    /// <summary>A recorded failed fetch (<see cref="RegisteredRemote.LastFetchFailure"/>) in words, <paramref name="when"/> saying when it failed: said here and by the federation index.</summary>
    internal static string RecordedFailure(RegisteredRemote remote, FetchFailureRecord failure, string when)
        => $"The last fetch of remote '{remote.Name}', {when}, failed: {failure.Message}";

    private static string Describe(Exception refusal) => refusal is SnapshotNotACommitException
        ? "its branch names no commit"
        : Describe(ChainResult.ReasonFor(refusal));

    private static string Describe(ChainUnavailableReason reason) => reason switch
    {
        ChainUnavailableReason.IdentityMismatch => "it names another owner or town",
        ChainUnavailableReason.LimitExceeded => "it breaks a limit",
        ChainUnavailableReason.Unreadable => "a file could not be read",
        ChainUnavailableReason.SignatureRefused => "its signature is not trusted",
        _ => "its files do not form a safe chain",
    };

    private async ValueTask<(Chain? Chain, Exception? Refusal, IdentityProof Proof)> LoadAsync(RegisteredRemote remote, string commit, bool judgeSignature, CancellationToken cancellationToken)
    {
        var key = new LoadedChainKey(remote.Name, remote.Chain, remote.Rig, commit);
        if (_chains.TryGet(key, out var cached))
        {
            return (cached, null, _proofs.TryGet(key, out var proof) ? proof : IdentityProof.NameOnly);
        }

        // A refused snapshot stays refused while its tree and the keys it was judged by stay the same; a key accepted,
        // pinned or forgotten since (in this process or another) has it judged again.
        if (judgeSignature && _refused.TryGet(key, out var refused) && refused.Trust == TrustStateOf(remote))
        {
            return (null, refused.Refusal, IdentityProof.NameOnly);
        }

        var (chain, error, loadedProof, _) = await SnapshotLoad.LoadAsync(_registry.Repository, _loader, remote, commit, judgeSignature, cancellationToken).ConfigureAwait(false);
        if (chain is not null)
        {
            _chains.Set(key, chain);
            _proofs.Set(key, loadedProof);
            Log.ChainLoaded(_logger, remote.Chain.ToString(), remote.Name, commit);
            return (chain, null, loadedProof);
        }

        Log.ChainRefused(_logger, remote.Chain.ToString(), remote.Name, commit, error!);

        // Only the chain's own content is a lasting reason; a repository error may pass.
        if (SnapshotLoad.IsRefusal(error!))
        {
            _refused.Set(key, (error!, TrustStateOf(remote)));
        }

        return (null, error, IdentityProof.NameOnly);
    }

    // The keys kept for the chain's entity, as one comparable value (read from the federation repository's config).
    private string? TrustStateOf(RegisteredRemote remote) => new TrustedKeyStore(_registry.Repository).Get(remote.Chain.Entity) is { } keys
        ? $"{keys.Source}:{string.Join(',', keys.Keys.Select(k => k.ToKeyString()))}"
        : null;

    private async ValueTask<ChainResult> GetLocalChainAsync(GtUri local, CancellationToken cancellationToken)
    {
        try
        {
            var chain = await _loader.LoadAsync(new FolderChainSource(_options.TownRoot), new ChainLoadOptions { ExpectedChain = local }, cancellationToken).ConfigureAwait(false);
            return ChainResult.Answered(chain);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ChainResult.FromException(local, ex, $"The local town at {_options.TownRoot} could not be read: {ex.Message}");
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
            if (metadata.TryGetChain(out var chain, out _))
            {
                _localChain = new LocalChain(chain);
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

        // A tip this repository cannot read is named by its ref: its load fails for this chain alone, and says why.
        var tip = _registry.Repository.Use(repo => TrackingRefs.ResolveTipOrPeek(repo, remote));
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

    // A whole number of the largest unit that holds it exactly, as Age writes one: "7 d", "12 h", "30 min", "90 s".
    private static string Span(TimeSpan span)
        => span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{(int)span.TotalDays} d"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{(int)span.TotalHours} h"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{(int)span.TotalMinutes} min"
        : $"{Math.Max(1, (long)Math.Ceiling(span.TotalSeconds))} s";

    private sealed record LocalChain(GtUri Uri);
}
