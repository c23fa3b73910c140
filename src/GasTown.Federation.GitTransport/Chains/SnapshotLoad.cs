using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Loads one fetched snapshot of a remote and judges it: a chain when it passes the identity, path and limit
/// checks (and then <c>refs/gt/verified/&lt;name&gt;</c> moves to it), or the exception that refused it.
/// Shared by <see cref="ChainFetcher"/> (which reports a refused snapshot as a failed fetch) and
/// <see cref="GitChainProvider"/> (which answers from the last verified snapshot instead).
/// </summary>
internal static class SnapshotLoad
{
    // The snapshot just passed is the remote's tip as of its last fetch: once a newer snapshot is refused, an answer from
    // this one is as of then (RegisteredRemote.VerifiedFetchedAt), not as of the fetch that brought the refused one. Written
    // once per fetch: a query's load of an unchanged remote finds it recorded and writes nothing.
    private static bool VerifiedFetchNotRecorded(RegisteredRemote remote)
        => remote.LastFetchedAt is { } at && remote.VerifiedFetchedAt != at;

    /// <summary>Whether a load failure is the snapshot's own fault (lasting: its tree cannot change) rather than the repository's.</summary>
    public static bool IsRefusal(Exception exception) => exception is ChainException;

    /// <summary>
    /// Judges <paramref name="commit"/> as <see cref="LoadAsync"/> would, for a caller that needs the verdict, not the chain
    /// (a fetch): a snapshot that has passed already (the remote's verified ref names it) is not loaded again, since its
    /// tree cannot have changed; only its signature is, against the keys kept now, which can have. Any other snapshot,
    /// or one whose signature no longer passes, is loaded and judged whole, and refused in a load's words.
    /// </summary>
    /// <remarks>
    /// A fetch that brought nothing new used to load its remote's whole chain again (for an unchanged 100,000-unit remote,
    /// seconds and the chain's memory: benchmarks/README.md has the figures). What else a load holds a snapshot to (the
    /// chain the remote is registered for, this process's limits) a query's own load still judges.
    /// </remarks>
    public static async ValueTask<(Exception? Refusal, SnapshotSignature? Signature)> JudgeAsync(
        FederationRepository repository, ChainLoader loader, RegisteredRemote remote, string commit, CancellationToken cancellationToken)
    {
        if (repository.Use(repo => TrackingRefs.ReadVerified(repo, remote.Name)) == commit)
        {
            try
            {
                var (proof, signatureRefusal, check, agent) = SnapshotTrust.JudgeWithAgent(repository, remote, commit, loader.Limits.MaxBlobBytes);
                if (signatureRefusal is null)
                {
                    if (VerifiedFetchNotRecorded(remote))
                    {
                        repository.Write(repo => RemoteRegistry.RecordVerifiedFetch(repo, remote), cancellationToken);
                    }

                    return (null, SignatureOf(proof, check, agent));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The judgement failed rather than refused (a grants blob the repository can no longer read, say): the
                // whole load below judges again within its catch-all, so this remote's fetch fails in a load's words and
                // a fetch of every remote goes on with the others.
            }
        }

        var (_, refusal, _, signature) = await LoadAsync(repository, loader, remote, commit, judgeSignature: true, cancellationToken).ConfigureAwait(false);
        return (refusal, signature);
    }

    /// <param name="repository">The federation repository.</param>
    /// <param name="loader">The chain loader.</param>
    /// <param name="remote">The remote.</param>
    /// <param name="commit">The snapshot.</param>
    /// <param name="judgeSignature">
    /// Whether the tip's signature is judged against the entity's trusted keys (a new snapshot). False for the last
    /// verified snapshot, which passed when it was new: keys learnt since must not take the fallback away.
    /// </param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <param name="recordOutcome">
    /// Whether a snapshot that passes is recorded as a load records it (its key pinned on first use, the verified ref
    /// moved to it). False for a caller that only asks what a load would say (the federation index, which never changes
    /// the town's trust state).
    /// </param>
    public static async ValueTask<(Chain? Chain, Exception? Refusal, IdentityProof Proof, SnapshotSignature? Signature)> LoadAsync(
        FederationRepository repository, ChainLoader loader, RegisteredRemote remote, string commit, bool judgeSignature, CancellationToken cancellationToken,
        bool recordOutcome = true)
    {
        // A branch that names a tree or a tag holds no snapshot: refused before anything else is judged (there is no commit
        // to have signed), as any refused snapshot, so the last verified one answers instead.
        if (repository.Use(repo => TrackingRefs.NotACommit(repo, remote, commit)) is { } notACommit)
        {
            return (null, notACommit, IdentityProof.NameOnly, null);
        }

        var source = GitTreeChainSource.ForSnapshot(repository, remote, commit, loader.Limits);
        var options = new ChainLoadOptions { ExpectedChain = remote.Chain, SingleRigName = remote.Rig };
        try
        {
            var (proof, signatureRefusal, check, agent) = SnapshotTrust.JudgeWithAgent(repository, remote, commit, loader.Limits.MaxBlobBytes);
            if (signatureRefusal is not null)
            {
                if (judgeSignature)
                {
                    return (null, signatureRefusal, proof, null);
                }

                proof = IdentityProof.NameOnly;
            }

            var chain = await loader.LoadAsync(source, options, cancellationToken).ConfigureAwait(false);
            if (recordOutcome)
            {
                if (judgeSignature)
                {
                    SnapshotTrust.PinOnFirstUse(repository, remote, check);
                }

                // Other fetches of the town write refs too: git's lock on this one is waited for, as on the config.
                repository.Write(
                    repo =>
                    {
                        TrackingRefs.WriteVerified(repo, remote.Name, commit);
                        // Only for the tip (judged by its signature): the older snapshot a refused tip falls back to was
                        // not the tip at the last fetch.
                        return !judgeSignature || !VerifiedFetchNotRecorded(remote) || RemoteRegistry.RecordVerifiedFetch(repo, remote);
                    },
                    cancellationToken);
            }

            return (chain, null, proof, SignatureOf(proof, check, agent));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever this remote's data does to the loader (a limit, invalid bytes, a reader failing) refuses this
            // snapshot only; the caller's other chains go on.
            return (null, exception, IdentityProof.NameOnly, null);
        }
        finally
        {
            // The chain keeps its source; the listings that made reading its files linear are not needed after.
            source.ForgetListings();
        }
    }

    private static SnapshotSignature? SignatureOf(IdentityProof proof, CommitSignatureCheck check, string? agent)
        => check.Status == CommitSignatureStatus.Valid ? new SnapshotSignature(proof, check.Key!.Fingerprint, agent) : null;
}
