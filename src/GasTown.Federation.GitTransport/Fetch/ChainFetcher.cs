using System.Collections.Concurrent;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Fetches registered remotes into the federation repository (<c>refs/remotes/&lt;name&gt;/*</c>)
/// with LibGit2Sharp, reporting progress, honouring cancellation and a timeout, and recording
/// the time of each successful fetch (<c>remote.&lt;name&gt;.gtFetchedAt</c>) so that answers can
/// say how old their data is.
/// </summary>
/// <remarks>
/// Thread-safe. Fetches of one remote are serialised; fetches of different remotes may run at
/// once. git moves the tracking refs only when a fetch has completed, so a failed or cancelled
/// fetch leaves the refs of the last good one.
/// </remarks>
public sealed class ChainFetcher
{
    private readonly FederationRepository _repository;
    private readonly RemoteRegistry _registry;
    private readonly GitTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Creates a fetcher.</summary>
    /// <param name="registry">The registered remotes (and their repository).</param>
    /// <param name="options">Timeout and credentials; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for fetch times and the timeout; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where fetches are logged; optional.</param>
    public ChainFetcher(RemoteRegistry registry, GitTransportOptions? options = null, TimeProvider? timeProvider = null, ILogger<ChainFetcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _repository = registry.Repository;
        _options = options ?? new GitTransportOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Fetches one registered remote.</summary>
    /// <param name="remoteName">The remote's name.</param>
    /// <param name="progress">Receives progress while objects arrive; optional.</param>
    /// <param name="cancellationToken">Cancels the fetch: the transfer is aborted at its next progress callback.</param>
    /// <returns>What was fetched.</returns>
    /// <exception cref="RemoteNotFoundException">No remote has that name.</exception>
    /// <exception cref="RemoteFetchException">The fetch failed or timed out; the last good refs are kept.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FetchResult> FetchAsync(string remoteName, IProgress<FetchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var remote = _registry.Get(remoteName);
        return await FetchAsync(remote, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches every registered remote, one after the other. A remote that fails does not stop
    /// the others: its <see cref="FetchResult.Error"/> says why.
    /// </summary>
    /// <param name="progress">Receives progress while objects arrive; optional.</param>
    /// <param name="cancellationToken">Cancels the remaining fetches.</param>
    /// <returns>One result per remote, in name order.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<FetchResult>> FetchAllAsync(IProgress<FetchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<FetchResult>();
        foreach (var remote in _registry.List())
        {
            try
            {
                results.Add(await FetchAsync(remote, progress, cancellationToken).ConfigureAwait(false));
            }
            catch (RemoteFetchException ex)
            {
                results.Add(new FetchResult(remote.Name, remote.Url, _time.GetUtcNow(), 0, 0, ex));
            }
        }

        return results;
    }

    internal async Task<FetchResult> FetchAsync(RegisteredRemote remote, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var gate = _gates.GetOrAdd(remote.Name, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var releaseLater = false;
        try
        {
            using var timeout = new CancellationTokenSource(_options.FetchTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var token = linked.Token;
            Log.FetchStarted(_logger, remote.Name, remote.Url);

            // LibGit2Sharp's fetch is synchronous native code: run it off the caller's thread, and
            // stop waiting as soon as the token fires. The native call itself stops at its next
            // callback (we return false there); until then it keeps the remote's gate.
            var work = Task.Run(() => FetchCore(remote, progress, token), CancellationToken.None);
            try
            {
                var (updated, received, bytes) = await work.WaitAsync(token).ConfigureAwait(false);
                var at = _time.GetUtcNow();
                _registry.RecordFetch(remote.Name, at);
                Log.FetchSucceeded(_logger, remote.Name, received, bytes, updated);
                return new FetchResult(remote.Name, remote.Url, at, updated, received);
            }
            catch (OperationCanceledException ex)
            {
                if (!work.IsCompleted)
                {
                    releaseLater = true;
                    _ = work.ContinueWith(_ => gate.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    Log.FetchCancelled(_logger, remote.Name);
                    throw new OperationCanceledException($"Fetching remote '{remote.Name}' was cancelled.", ex, cancellationToken);
                }

                var timedOut = new RemoteFetchException(remote.Name, remote.Url, FetchFailureKind.TimedOut,
                    $"Fetching remote '{remote.Name}' from {remote.Url} did not finish within {_options.FetchTimeout}. Check the network or raise GitTransportOptions.FetchTimeout; queries answer from the last successful fetch meanwhile.",
                    ex);
                Log.FetchFailed(_logger, remote.Name, remote.Url, timedOut.Kind, timedOut);
                throw timedOut;
            }
            catch (RemoteFetchException ex)
            {
                Log.FetchFailed(_logger, remote.Name, remote.Url, ex.Kind, ex);
                throw;
            }
        }
        finally
        {
            if (!releaseLater)
            {
                gate.Release();
            }
        }
    }

    private (int Updated, int Received, long Bytes) FetchCore(RegisteredRemote remote, IProgress<FetchProgress>? progress, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        var updated = 0;
        var received = 0;
        long bytes = 0;
        var options = new FetchOptions
        {
            TagFetchMode = TagFetchMode.None,
            Prune = false,
            CredentialsProvider = _options.CredentialsProvider,
            OnTransferProgress = p =>
            {
                received = p.ReceivedObjects;
                bytes = p.ReceivedBytes;
                progress?.Report(new FetchProgress(remote.Name, p.TotalObjects, p.ReceivedObjects, p.IndexedObjects, p.ReceivedBytes));
                return !token.IsCancellationRequested;
            },
            OnProgress = _ => !token.IsCancellationRequested,
            OnUpdateTips = (_, _, _) =>
            {
                updated++;
                return !token.IsCancellationRequested;
            },
        };

        try
        {
            using var repo = _repository.OpenPrivate();
            Commands.Fetch(repo, remote.Name, [], options, $"gtfed fetch {remote.Name}");
            token.ThrowIfCancellationRequested();
            return (updated, received, bytes);
        }
        catch (UserCancelledException ex)
        {
            throw new OperationCanceledException($"Fetching remote '{remote.Name}' was cancelled.", ex, token);
        }
        catch (LockedFileException ex)
        {
            throw new RemoteFetchException(remote.Name, remote.Url, FetchFailureKind.LocalRepositoryLocked,
                $"Fetching remote '{remote.Name}' could not update {_repository.Path}: a git lock file is held by another process. Retry when it has finished, or remove a stale *.lock file.",
                ex);
        }
        catch (LibGit2SharpException ex)
        {
            throw Map(remote, ex);
        }
    }

    private static RemoteFetchException Map(RegisteredRemote remote, LibGit2SharpException ex)
    {
        var text = ex.Message;
        if (ContainsAny(text, "authentication", "401", "403", "credentials", "Permission denied"))
        {
            return new RemoteFetchException(remote.Name, remote.Url, FetchFailureKind.AuthenticationFailed,
                $"Remote '{remote.Name}' at {remote.Url} refused the credentials ({text}). Configure GitTransportOptions.CredentialsProvider or check your access to the repository.",
                ex);
        }

        if (ex is NotFoundException or RepositoryNotFoundException
            || ContainsAny(text, "failed to resolve path", "could not find repository", "not found", "failed to connect", "connection refused",
                "could not resolve", "not a git repository", "unexpected eof", "early eof", "reset by peer", "timed out", "no such file", "unsupported url"))
        {
            return new RemoteFetchException(remote.Name, remote.Url, FetchFailureKind.Unreachable,
                $"Remote '{remote.Name}' could not be fetched from {remote.Url}: {text}. Check that the URL is right and the host is up (gtfed remote list shows it; re-register with gtfed remote remove/add to change it). Queries answer from the last successful fetch meanwhile.",
                ex);
        }

        return new RemoteFetchException(remote.Name, remote.Url, FetchFailureKind.Other,
            $"Fetching remote '{remote.Name}' from {remote.Url} failed: {text}. Queries answer from the last successful fetch meanwhile.",
            ex);
    }

    private static bool ContainsAny(string text, params string[] needles)
    {
        foreach (var needle in needles)
        {
            if (text.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
