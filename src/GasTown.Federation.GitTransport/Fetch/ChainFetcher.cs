using System.Collections.Concurrent;
using System.Diagnostics;
using GasTown.Federation.Model;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Fetches registered remotes into the federation repository with LibGit2Sharp, reporting progress,
/// honouring cancellation and a timeout, and recording the time of each successful fetch
/// (<c>remote.&lt;name&gt;.gtFetchedAt</c>) so that answers can say how old their data is.
/// </summary>
/// <remarks>
/// <para>Only the branch a remote publishes is fetched (<see cref="RegisteredRemote.Branch"/>, else
/// <see cref="FederationRepository.PublishedBranch"/>; for a one-rig repository <c>main</c>, <c>master</c> and its
/// <c>HEAD</c>), into <c>refs/remotes/&lt;name&gt;/&lt;branch&gt;</c>: a remote with fifty thousand branches costs
/// one ref here, not fifty thousand.</para>
/// <para>After the transfer, the new snapshot is judged as queries will judge it (identity, paths, the loader's
/// <see cref="ChainLimits"/>): a refused snapshot makes the fetch fail with <see cref="FetchFailureKind.SnapshotRefused"/>,
/// and queries go on answering from the last snapshot that passed.</para>
/// <para>Thread-safe. The transfers of one remote are serialised (a second waits at most
/// <see cref="GitTransportOptions.FetchTimeout"/> for the first's); fetches of different remotes may run at
/// once, and their snapshots are judged one at a time. git moves the tracking refs only when a fetch has
/// completed, so a failed or cancelled fetch leaves the refs of the last good one. A fetch that times out or is
/// cancelled ends the processes it started (libgit2's <c>ssh</c>) before it returns.</para>
/// </remarks>
public sealed class ChainFetcher
{
    private readonly FederationRepository _repository;
    private readonly RemoteRegistry _registry;
    private readonly GitTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChainLoader _loader;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _verifyGate = new(1, 1);

    /// <summary>Creates a fetcher.</summary>
    /// <param name="registry">The registered remotes (and their repository).</param>
    /// <param name="options">Timeout and credentials; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for fetch times and the timeout; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where fetches are logged; optional.</param>
    /// <param name="loader">
    /// The loader that judges each fetched snapshot (normally the host's one <see cref="ChainLoader"/>, so its
    /// parsed blobs serve the queries that follow); when <see langword="null"/>, a loader with default limits and a
    /// small cache of its own.
    /// </param>
    public ChainFetcher(RemoteRegistry registry, GitTransportOptions? options = null, TimeProvider? timeProvider = null, ILogger<ChainFetcher>? logger = null, ChainLoader? loader = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _repository = registry.Repository;
        _options = options ?? new GitTransportOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _loader = loader ?? new ChainLoader(new ParsedBlobCache(16));
    }

    /// <summary>Fetches one registered remote.</summary>
    /// <param name="remoteName">The remote's name.</param>
    /// <param name="progress">Receives progress while objects arrive; optional.</param>
    /// <param name="cancellationToken">Cancels the fetch: the transfer is aborted at its next progress callback.</param>
    /// <returns>What was fetched.</returns>
    /// <exception cref="RemoteNotFoundException">No remote has that name.</exception>
    /// <exception cref="RemoteFetchException">
    /// The fetch failed or timed out (the last good refs are kept), or the fetched snapshot was refused
    /// (<see cref="FetchFailureKind.SnapshotRefused"/>: the refs moved, queries answer from the last snapshot that passed).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FetchResult> FetchAsync(string remoteName, IProgress<FetchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var remote = _registry.Get(remoteName);
        return await FetchAsync(remote, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches every registered remote, up to <see cref="GitTransportOptions.MaxConcurrentFetches"/> at once. A remote
    /// that fails does not stop the others: its <see cref="FetchResult.Error"/> says why.
    /// </summary>
    /// <param name="progress">
    /// Receives progress while objects arrive; optional. With several fetches at once, reports of different remotes
    /// interleave and may come from several threads at the same time (<see cref="FetchProgress.RemoteName"/> tells them apart).
    /// </param>
    /// <param name="cancellationToken">Cancels the fetches under way and the remaining ones.</param>
    /// <returns>One result per remote, in name order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="GitTransportOptions.MaxConcurrentFetches"/> is not between 1 and <see cref="GitTransportOptions.MaxConcurrentFetchesLimit"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<FetchResult>> FetchAllAsync(IProgress<FetchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var concurrency = _options.MaxConcurrentFetches;
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1, "GitTransportOptions.MaxConcurrentFetches");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(concurrency, GitTransportOptions.MaxConcurrentFetchesLimit, "GitTransportOptions.MaxConcurrentFetches");
        var remotes = _registry.List();
        var results = new FetchResult[remotes.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, remotes.Count), parallel, async (i, ct) =>
        {
            var remote = remotes[i];
            try
            {
                results[i] = await FetchAsync(remote, progress, ct).ConfigureAwait(false);
            }
            catch (RemoteFetchException ex)
            {
                results[i] = new FetchResult(remote.Name, remote.DisplayUrl, _time.GetUtcNow(), 0, 0, ex);
            }
            finally
            {
                // Each fetched chain is verified by loading it through the shared handle, which keeps the packs it read
                // mapped: closed after each remote, so fetching a hundred holds one remote's pack pages at a time. Closed
                // under the verify gate, so it never pulls the handle from under another remote's snapshot being judged.
                await _verifyGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    _repository.ReleasePacks();
                }
                finally
                {
                    _verifyGate.Release();
                }
            }
        }).ConfigureAwait(false);

        return results;
    }

    internal async Task<FetchResult> FetchAsync(RegisteredRemote remote, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity(FederationTelemetry.FetchActivity);
        activity?.SetTag(FederationTelemetry.RemoteTag, remote.Name);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await FetchCoreAsync(remote, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteFetchException ex)
        {
            outcome = ex.Kind.ToString();
            activity?.SetStatus(ActivityStatusCode.Error, ex.Kind.ToString());
            RememberFailure(remote, ex);
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception ex) when (ex is LibGit2SharpException or GitTransportException or IOException or UnauthorizedAccessException)
        {
            // The transfer's own failures are mapped where they happen; this is the town's repository failing around it
            // (an object it can no longer read, say). Still this remote's failure only: a fetch of every remote goes on.
            var failure = LocalRepositoryFailure(remote, ex);
            outcome = failure.Kind.ToString();
            activity?.SetStatus(ActivityStatusCode.Error, failure.Kind.ToString());
            Log.FetchFailed(_logger, remote.Name, remote.DisplayUrl, failure.Kind, failure);
            RememberFailure(remote, failure);
            throw failure;
        }
        finally
        {
            activity?.SetTag(FederationTelemetry.OutcomeTag, outcome);
            Telemetry.FetchDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(FederationTelemetry.RemoteTag, remote.Name),
                new KeyValuePair<string, object?>(FederationTelemetry.OutcomeTag, outcome));
        }
    }

    // A failure is remembered past this process, so a later one answering from the last fetch can say it failed since. A
    // refused snapshot is not: its refs moved and the refusal is said from them. Best effort: the fetch's own failure is
    // what the caller must hear, not a config file this process could not write.
    private void RememberFailure(RegisteredRemote remote, RemoteFetchException failure)
    {
        if (failure.Kind == FetchFailureKind.SnapshotRefused)
        {
            return;
        }

        try
        {
            _registry.RecordFetchFailure(remote.Name, _time.GetUtcNow(), failure.Kind, failure.Message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is GitTransportException or LibGit2SharpException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            Log.FetchFailureNotRecorded(_logger, remote.Name, ex);
        }
    }

    // One transfer of a remote at a time (two libgit2 fetches would race for its refs). A transfer stopped on its timeout or
    // cancellation may leave libgit2's call running: over ssh its child is ended, but over http(s) and git:// libgit2 checks
    // for cancellation only between transfers, and a silent server sends none, so the call (and the gate) are held until
    // the server answers or the connection closes. The next fetch of that remote waits at most the fetch timeout for it,
    // then says so, where it used to wait forever. The gate covers the transfer alone, which its own timeout bounds: a fetch
    // judging its snapshot (waiting its turn behind other remotes' snapshots, or loading a large one) does not hold it, so a
    // waiter that runs out of time is waiting for a stopped call, or behind two or more transfers of the same remote queued
    // before it (each within its own timeout): either way a fetch of that remote still running, as its message says.
    private async Task WaitForGateAsync(RegisteredRemote remote, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(_options.FetchTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            await gate.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var stuck = new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.TimedOut,
                $"Fetching remote '{remote.Name}' from {remote.DisplayUrl} waited {_options.FetchTimeout}, the transport's fetch timeout, for an earlier fetch of the same remote that is still running: a fetch stopped over http(s) or git:// ends only when the server answers or closes the connection. Check that the host answers; queries answer from the last successful fetch meanwhile.",
                ex);
            Log.FetchFailed(_logger, remote.Name, remote.DisplayUrl, stuck.Kind, stuck);
            throw stuck;
        }
    }

    private async Task<FetchResult> FetchCoreAsync(RegisteredRemote remote, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (updated, received, bytes) = await TransferAsync(remote, progress, cancellationToken).ConfigureAwait(false);
        var at = _time.GetUtcNow();
        try
        {
            _registry.RecordFetch(remote.Name, at, cancellationToken);
        }
        catch (GitTransportException ex) when (ex.InnerException is LibGit2SharpException inner && GitLockRetry.IsHeldLock(inner))
        {
            // After the transfer: said as what it is, the refs have moved and only the fetch time is missing.
            var unrecorded = new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.LocalRepositoryLocked,
                $"Remote '{remote.Name}' was fetched (its refs moved), but the time of the fetch could not be recorded: {ex.Message}", ex);
            Log.FetchFailed(_logger, remote.Name, remote.DisplayUrl, unrecorded.Kind, unrecorded);
            throw unrecorded;
        }

        Log.FetchSucceeded(_logger, remote.Name, received, bytes, updated);

        // One snapshot is judged at a time (it is loaded whole): fetches at once share the network, not the memory of their
        // chains. The snapshot judged is the remote's tip as its ref names it when the judging starts: a second fetch of the
        // remote may move the ref meanwhile (its transfer no longer waits for this), and this one then answers for the tip
        // it judged and may move the verified ref back to it until the second's judging, serialised after this one, moves
        // it on (a query's load in between judges the newer tip itself).
        string? tip;
        SnapshotSignature? signature;
        await _verifyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (tip, signature) = await VerifyAsync(_registry.Get(remote.Name), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _verifyGate.Release();
        }

        return new FetchResult(remote.Name, remote.DisplayUrl, at, updated, received) { TipSignature = signature, NothingPublished = tip is null };
    }

    // The transfer, under the remote's gate and the fetch timeout.
    private async Task<(int Updated, int Received, long Bytes)> TransferAsync(RegisteredRemote remote, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(remote.Name, static _ => new SemaphoreSlim(1, 1));
        await WaitForGateAsync(remote, gate, cancellationToken).ConfigureAwait(false);
        var releaseLater = false;
        try
        {
            using var timeout = new CancellationTokenSource(_options.FetchTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var token = linked.Token;
            Log.FetchStarted(_logger, remote.Name, remote.DisplayUrl);

            // LibGit2Sharp's fetch is synchronous native code: run it off the caller's thread, and
            // stop waiting as soon as the token fires. The native call itself stops at its next
            // callback (we return false there); a call blocked on a silent ssh server has no next
            // callback, so the ssh child it started is ended, which ends the call.
            var childrenBefore = ChildProcesses.Snapshot();
            var work = Task.Run(() => FetchCore(remote, progress, token), CancellationToken.None);
            try
            {
                return await work.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                if (!work.IsCompleted)
                {
                    var ended = ChildProcesses.EndFetchChildren(childrenBefore, remote.Url);
                    if (ended > 0)
                    {
                        Log.FetchChildrenEnded(_logger, remote.Name, ended);
                    }

                    releaseLater = true;
                    _ = work.ContinueWith(
                        finished =>
                        {
                            // The stopped call's own error (the ended ssh, the cancelled transfer) was already reported as this timeout or cancellation.
                            _ = finished.Exception;
                            gate.Release();
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    Log.FetchCancelled(_logger, remote.Name);
                    throw new OperationCanceledException($"Fetching remote '{remote.Name}' was cancelled.", ex, cancellationToken);
                }

                var timedOut = new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.TimedOut,
                    $"Fetching remote '{remote.Name}' from {remote.DisplayUrl} did not finish within {_options.FetchTimeout}, the transport's fetch timeout; it was stopped. Check that the host answers; queries answer from the last successful fetch meanwhile.",
                    ex);
                Log.FetchFailed(_logger, remote.Name, remote.DisplayUrl, timedOut.Kind, timedOut);
                throw timedOut;
            }
            catch (RemoteFetchException ex)
            {
                Log.FetchFailed(_logger, remote.Name, remote.DisplayUrl, ex.Kind, ex);
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

    /// <summary>
    /// Judges the snapshot just fetched; a refused one fails the fetch with <see cref="FetchFailureKind.SnapshotRefused"/>.
    /// Returns the tip judged (null when the remote publishes no branch to read) and who signed it.
    /// </summary>
    private async Task<(string? Tip, SnapshotSignature? Signature)> VerifyAsync(RegisteredRemote remote, CancellationToken cancellationToken)
    {
        // A tracking ref whose commit is not here throws (MissingCommitException): this town's copy is damaged, said as such
        // (LocalRepositoryFailure), not as a branch never published. One that names a tree or a tag is a snapshot refused
        // below, as any other: git moved the ref, and queries answer from the last snapshot that passed.
        var tip = _repository.Use(repo => TrackingRefs.ResolveTip(repo, remote))?.Target;
        if (tip is null)
        {
            // Nothing published on the branch: there is nothing to judge, and queries say so.
            return (null, null);
        }

        var (refusal, signature) = await SnapshotLoad.JudgeAsync(_repository, _loader, remote, tip, cancellationToken).ConfigureAwait(false);
        if (refusal is null)
        {
            return (tip, signature);
        }

        var verified = _repository.Use(repo => TrackingRefs.ReadVerified(repo, remote.Name));
        var fallback = verified is null
            ? "No snapshot of it has passed, so queries report the chain unavailable."
            : verified != tip
                ? $"Queries answer from the last snapshot that passed ({verified[..7]})."
                : "It is the snapshot that passed before, so queries report the chain unavailable now too.";
        var reason = ChainResult.ReasonFor(refusal);
        var kind = SnapshotLoad.IsRefusal(refusal) ? FetchFailureKind.SnapshotRefused : FetchFailureKind.Other;
        var failure = new RemoteFetchException(remote.Name, remote.DisplayUrl, kind,
            $"Remote '{remote.Name}' was fetched from {remote.DisplayUrl}, but its newest snapshot ({tip[..7]}) was refused ({reason}): {refusal.Message} {fallback}",
            refusal)
        {
            RefusedRevision = tip,
            RefusalReason = reason,
        };
        Log.SnapshotRefused(_logger, remote.Name, tip, reason, refusal);
        throw failure;
    }

    private (int Updated, int Received, long Bytes) FetchCore(RegisteredRemote remote, IProgress<FetchProgress>? progress, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();

        // A local remote is packed by libgit2 in this process, each object read whole: refused before anything is read
        // when it holds an object over the budget (a network remote's server packs, and this process streams the pack).
        var local = GitUrl.LocalFolder(remote.Url);
        var isLocal = local is not null;
        if (local is not null
            && LocalObjectScan.FindLarger(local, _options.MaxFetchObjectBytes, token) is { } large)
        {
            throw BudgetExceeded(remote, new FetchBudgetBreach(FetchBudgetKind.ObjectSize, "GitTransportOptions.MaxFetchObjectBytes", _options.MaxFetchObjectBytes, large.Size, large.Id));
        }

        var updated = 0;
        var received = 0;
        long bytes = 0;
        FetchBudgetBreach? breach = null;
        string? scanProblem = null;
        long? packEntry = null;
        ReceivedPackScan? scan = null;
        Exception? callbackFailure = null;
        var options = new FetchOptions
        {
            TagFetchMode = TagFetchMode.None,
            Prune = false,
            CredentialsProvider = _options.CredentialsProvider,
            OnTransferProgress = p =>
            {
                // Nothing may leave this callback by an exception: libgit2 calls it from native code, which cannot unwind
                // a managed one (the process ends). What went wrong is kept, the transfer stopped, and it is said below.
                try
                {
                    // Max: a fetch tried again after meeting FETCH_HEAD.lock transfers nothing, and must not zero the counts.
                    received = Math.Max(received, p.ReceivedObjects);
                    bytes = Math.Max(bytes, p.ReceivedBytes);
                    progress?.Report(new FetchProgress(remote.Name, p.TotalObjects, p.ReceivedObjects, p.IndexedObjects, p.ReceivedBytes));
                    if (p.ReceivedBytes > _options.MaxFetchBytes)
                    {
                        // Stopped here, libgit2 deletes the pack it was writing and moves no ref.
                        breach ??= new FetchBudgetBreach(FetchBudgetKind.ReceivedBytes, "GitTransportOptions.MaxFetchBytes", _options.MaxFetchBytes, p.ReceivedBytes, null);
                        return false;
                    }

                    // Each entry received is read as libgit2 reports it, before libgit2 rebuilds the pack's deltas (once the
                    // last has come): the same rule as a local remote's, whose objects were sized before the transfer and
                    // whose pack is not read here.
                    if (scan?.Advance(p.ReceivedObjects, p.TotalObjects, token) is { } found && found != PackScanResult.None)
                    {
                        if (found.Entry is { } entry)
                        {
                            packEntry = entry;
                            breach = new FetchBudgetBreach(FetchBudgetKind.ObjectSize, "GitTransportOptions.MaxFetchObjectBytes", _options.MaxFetchObjectBytes, found.Size, null);
                        }
                        else
                        {
                            scanProblem = found.Problem;
                        }

                        return false;
                    }

                    return !token.IsCancellationRequested;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return false;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    scanProblem = "the pack being received could not be read: " + ex.Message;
                    return false;
                }
                catch (Exception ex)
                {
                    callbackFailure = ex;
                    return false;
                }
            },
            OnProgress = _ => !token.IsCancellationRequested,
            OnUpdateTips = (_, _, _) =>
            {
                updated++;
                return !token.IsCancellationRequested;
            },
        };

        var repo = _repository.OpenPrivate();
        try
        {
            // libgit2 writes files every fetch shares, whatever the refspecs (FETCH_HEAD, shallow, each under its *.lock):
            // two fetches of different remotes (FetchAllAsync's, or another process's) meet there. A fetch is idempotent:
            // tried again once the other is done, it transfers only what it has not stored yet.
            void Transfer() => GitLockRetry.Run(
                () =>
                {
                    scan?.Dispose();
                    scan = null;
                    if (!isLocal)
                    {
                        var packDir = Path.Combine(repo.Info.Path, "objects", "pack");
                        var before = Directory.Exists(packDir) ? Directory.GetFiles(packDir).ToHashSet(StringComparer.Ordinal) : [];
                        scan = new ReceivedPackScan(packDir, before, _options.MaxFetchObjectBytes);
                    }

                    try
                    {
                        LibGit2Messages.Run(() => Commands.Fetch(repo, remote.Name, remote.FetchRefSpecs, options, $"fetch {remote.Name}"));
                    }
                    finally
                    {
                        scan?.Dispose();
                    }

                    return true;
                },
                token);

            try
            {
                Transfer();
            }
            catch (LibGit2SharpException ex) when (LibGit2Messages.IsMissingRefTarget(ex.Message))
            {
                // A pack received under the name of one this repository holds damaged (the same objects: a copy cut short,
                // its remote removed and registered again to be fetched whole) is written over it, but this handle, and the
                // shared one, still have the damaged one open: libgit2 cannot find the objects the refs are to name. Once,
                // on handles opened after it, the fetch receives nothing new and moves the refs.
                repo.Dispose();
                _repository.ReleasePacks();
                repo = _repository.OpenPrivate();
                Transfer();
            }

            token.ThrowIfCancellationRequested();
            if (updated == 0 && TrackingRefs.PeekTip(repo, remote) is not null && !StillPublishes(repo, remote))
            {
                throw NotPublished(remote);
            }

            return (updated, received, bytes);
        }
        catch (UserCancelledException) when (callbackFailure is not null && !token.IsCancellationRequested)
        {
            // Thrown by the caller's progress handler, or a bug: said as it was thrown, now that libgit2 has let go.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(callbackFailure);
            throw;
        }
        catch (UserCancelledException ex) when (breach is not null && !token.IsCancellationRequested)
        {
            throw BudgetExceeded(remote, breach, ex, packEntry);
        }
        catch (UserCancelledException ex) when (scanProblem is not null && !token.IsCancellationRequested)
        {
            throw new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.Other,
                $"Remote '{remote.Name}' was not fetched from {remote.DisplayUrl}: the pack it sent could not be checked against the fetch budgets ({scanProblem}). Nothing of it was kept, and queries answer from the last successful fetch.",
                ex);
        }
        catch (UserCancelledException ex)
        {
            throw new OperationCanceledException($"Fetching remote '{remote.Name}' was cancelled.", ex, token);
        }
        catch (LibGit2SharpException ex) when (GitLockRetry.IsHeldLock(ex))
        {
            throw new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.LocalRepositoryLocked,
                $"Fetching remote '{remote.Name}' could not update {_repository.Path}: {GitLockRetry.Describe(_repository.Path, ex, DateTimeOffset.UtcNow)}",
                ex);
        }
        catch (LibGit2SharpException ex)
        {
            throw Map(remote, ex);
        }
        finally
        {
            repo.Dispose();
        }
    }

    // No tracking ref moved, and one was fetched before: the branch is where it was, or the remote no longer has it (a
    // refspec whose source is gone fetches nothing without an error). The fetch's own FETCH_HEAD lists the branch when it
    // was there (the common case, an unchanged remote: no second connection); otherwise its refs, listed again, tell them
    // apart. A remote that never published anything is no failure: queries say it has no branch to read.
    private bool StillPublishes(LibGit2Sharp.Repository repo, RegisteredRemote remote)
    {
        var sources = remote.FetchRefSpecs.Select(spec => spec.TrimStart('+').Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        var gitRemote = repo.Network.Remotes[remote.Name];
        if (FetchHeadRecord.Lists(repo.Info.Path, gitRemote.Url, sources))
        {
            return true;
        }

        var advertised = LibGit2Messages.Run(() => _options.CredentialsProvider is { } credentials
            ? repo.Network.ListReferences(gitRemote, credentials).ToList()
            : repo.Network.ListReferences(gitRemote).ToList());
        return advertised.Any(r => sources.Contains(r.CanonicalName));
    }

    private RemoteFetchException NotPublished(RegisteredRemote remote)
    {
        var branch = remote.Branch ?? (remote.IsSingleRig ? "main, master or " + FederationRepository.PublishedBranch : FederationRepository.PublishedBranch);
        // Only named here: a kept snapshot this repository can no longer read is said by the queries that read it.
        var kept = _repository.Use(repo => TrackingRefs.ResolveTipOrPeek(repo, remote));
        var data = kept is null
            ? "Nothing readable of it was fetched before, so queries report the chain unavailable."
            : $"The snapshot fetched last ({kept[..7]}) is kept, and queries answer from that older snapshot, saying so.";
        return new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.NotPublished,
            $"Remote '{remote.Name}' at {remote.DisplayUrl} no longer publishes its chain: it has no branch {branch} (its publisher deleted it, or emptied the repository). {data} Ask its owner whether the chain was withdrawn or moved; if it moved, remove the remote and register it again.",
            null);
    }

    private RemoteFetchException LocalRepositoryFailure(RegisteredRemote remote, Exception ex)
        => new(remote.Name, remote.DisplayUrl, FetchFailureKind.Other, ex switch
            {
                RemoteNotFoundException => $"Remote '{remote.Name}' was removed while it was being fetched from {remote.DisplayUrl}.",
                // Its own words name the repository, the ref and the way out; the remote and its URL are not at fault.
                MissingCommitException => $"Remote '{remote.Name}' could not be fetched: {ex.Message} Other remotes are fetched as usual.",
                _ => $"Remote '{remote.Name}' could not be fetched from {remote.DisplayUrl}: the town's federation repository at {_repository.Path} failed while the fetch used it ({ex.Message}). `git fsck` in that folder says whether it is damaged; other remotes are fetched as usual.",
            },
            ex);

    // The option is named in a sentence of its own, the last: a host that offers its own way to raise it can leave that out.
    private static RemoteFetchException BudgetExceeded(RegisteredRemote remote, FetchBudgetBreach breach, Exception? inner = null, long? packEntry = null)
    {
        var what = breach.Kind != FetchBudgetKind.ObjectSize
            ? $"it sent more than the {breach.Maximum:N0} bytes one fetch may receive, and the transfer was stopped at {breach.Actual:N0} bytes. Nothing of it was kept"
            : breach.ObjectId is { } id
            // A local repository is packed in this process from every object it holds, so the object may be on no published
            // branch at all (another branch, or left unreachable by a force-push): said, or its owner looks only there.
            ? $"its repository holds an object of {breach.Actual:N0} bytes ({id[..7]}), on any of its branches or on none (a repository on this machine is read whole), more than the {breach.Maximum:N0} bytes one fetch may bring in one object. Nothing was transferred"
            : $"the pack it sent declares an object of {breach.Actual:N0} bytes (entry {packEntry + 1} of the pack), more than the {breach.Maximum:N0} bytes one fetch may bring in one object. Nothing of it was kept";
        return new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.BudgetExceeded,
            $"Remote '{remote.Name}' was not fetched from {remote.DisplayUrl}: {what}, and queries answer from the last successful fetch. A chain's own files are far smaller, so this is likely a compression bomb or data that does not belong there. If the remote is trusted and its data genuine, raise {breach.Option}.",
            inner)
        {
            Budget = breach,
        };
    }

    internal RemoteFetchException Map(RegisteredRemote remote, LibGit2SharpException ex)
    {
        var text = ex.Message;
        if (LibGit2Messages.IsRefusal(text) && LibGit2Messages.QuotedPath(text) is { } denied)
        {
            // A file the system refused this process (a quoted path: ssh's "Permission denied (publickey)" quotes none).
            return denied.StartsWith(_repository.Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || denied == _repository.Path
                ? new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.Other,
                    $"Remote '{remote.Name}' could not be fetched because this process may not write {denied} ({text}): the town's federation repository is read-only or owned by another user. Make it writable for this user, or run as the town's owner. Queries answer from the last successful fetch meanwhile.",
                    ex)
                : new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.Unreachable,
                    $"Remote '{remote.Name}' could not be fetched from {remote.DisplayUrl}: this process may not read {denied} ({text}). It is a local file permission, not a credential: let this user read the repository, or fetch as a user who may. Queries answer from the last successful fetch meanwhile.",
                    ex);
        }

        if (ContainsAny(text, "authentication", "401", "403", "credentials", "Permission denied"))
        {
            return new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.AuthenticationFailed,
                $"Remote '{remote.Name}' at {remote.DisplayUrl} refused the credentials ({text}) while being fetched. Check your access to the repository, or the credentials the host supplies to the transport.",
                ex);
        }

        if (GitUrl.LocalProblem(remote.Url) is { } problem)
        {
            // After a refusal and a credential failure, which it would otherwise hide (a folder this process may not read
            // looks like no repository). libgit2 reads a path that names nothing as a URL it does not know ("unsupported URL
            // protocol"), and a folder without a repository as a host it could not find.
            return new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.Unreachable,
                $"Remote '{remote.Name}' could not be fetched: {problem}. Check that the path is right and mounted; if the repository moved, remove the remote and register it again with its new path. Queries answer from the last successful fetch meanwhile.",
                ex);
        }

        // A commit whose author or committer line libgit2 cannot read (a date past 64 bits, letters for a date): written by
        // hand, since git writes none such. Said as the remote's history, not "failed: …" with nothing to do.
        if (ContainsAny(text, "failed to parse signature"))
        {
            return new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.Other,
                $"Remote '{remote.Name}' could not be fetched from {remote.DisplayUrl}: its history holds a commit whose author or committer line cannot be read ({text}), which git never writes and `git fsck` in the remote's repository reports. Its owner must rewrite that history; queries answer from the last successful fetch meanwhile.",
                ex);
        }

        // libgit2's "object not found - no match for id (…)": a repository was there and answered, but an object the transfer
        // needed was not in it. Not the "not found" below, of a repository or host that is not there: a local remote's own
        // repository is damaged or incomplete (libgit2 packs it in this process); over the network it may be either side's.
        var missingObject = ContainsAny(text, "object not found");
        if (missingObject && GitUrl.LocalFolder(remote.Url) is { } source)
        {
            return new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.Other,
                $"Remote '{remote.Name}' could not be fetched: the repository at {source} is damaged or incomplete (it lacks an object its branches need: {text}). Its owner can find what is missing with `git fsck` in that folder and repair it; queries answer from the last successful fetch meanwhile.",
                ex);
        }

        if (!missingObject && (ex is NotFoundException or RepositoryNotFoundException
            || ContainsAny(text, "failed to resolve path", "could not find repository", "not found", "failed to connect", "connection refused",
                "could not resolve", "failed to resolve address", "name or service not known", "not a git repository", "unexpected eof", "early eof", "reset by peer", "timed out", "no such file", "unsupported url")))
        {
            return new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.Unreachable,
                $"Remote '{remote.Name}' could not be fetched from {remote.DisplayUrl}: {text}. Check that the URL is right and the host is up; to change the URL, remove the remote and register it again. Queries answer from the last successful fetch meanwhile.",
                ex);
        }

        return new RemoteFetchException(remote.Name, remote.DisplayUrl, FetchFailureKind.Other,
            $"Fetching remote '{remote.Name}' from {remote.DisplayUrl} failed: {text}. Queries answer from the last successful fetch meanwhile.",
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
