using LibGit2Sharp;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Judges a fetched snapshot's tip by its signature against the keys the town trusts for the chain's entity
/// (<see cref="TrustedKeyStore"/>): with keys kept, the tip must be validly signed by one of them; without, any
/// valid signature is pinned on first use and an unsigned tip is trusted by name only.
/// </summary>
internal static class SnapshotTrust
{
    /// <summary>
    /// Judges <paramref name="commit"/>, the chain's tip, and names the agent whose owner-signed grant accepted the signer
    /// when it was an agent's key. The chain's grants file is read within <paramref name="maxBlobBytes"/> (the host's
    /// <see cref="ChainLimits.MaxBlobBytes"/>), as its event lines' verifier reads it.
    /// </summary>
    public static (IdentityProof Proof, ChainSignatureException? Refusal, CommitSignatureCheck Check, string? Agent) JudgeWithAgent(FederationRepository repository, RegisteredRemote remote, string commit, long maxBlobBytes)
        => JudgeChecked(repository, remote, commit, repository.Use(repo => CommitSignatureVerifier.Verify(repo, commit)), new TrustedKeyStore(repository).Get(remote.Chain.Entity), maxBlobBytes);

    /// <summary>
    /// As <see cref="JudgeWithAgent"/>, from the tip's signature as already checked (<paramref name="check"/>, of
    /// <paramref name="commit"/>: a commit's signature never changes, so the federation index keeps it) and the keys kept
    /// now for the chain's entity (<paramref name="keys"/>, as <see cref="TrustedKeyStore"/> reads them); for an agent's
    /// key the grants are read from the commit, as <see cref="JudgeWithAgent"/> reads them.
    /// </summary>
    public static (IdentityProof Proof, ChainSignatureException? Refusal, CommitSignatureCheck Check, string? Agent) JudgeChecked(
        FederationRepository repository, RegisteredRemote remote, string commit, CommitSignatureCheck check, EntityKeys? keys, long maxBlobBytes)
    {
        var entity = remote.Chain.Entity;
        var tip = commit[..7];
        if (keys is null)
        {
            // Nothing to hold it to: a valid signature will be pinned once the snapshot passes; anything else is name only.
            return (check.Status == CommitSignatureStatus.Valid ? IdentityProof.PinnedKey : IdentityProof.NameOnly, null, check, null);
        }

        var known = string.Join(", ", keys.Keys.Select(k => k.Fingerprint));
        var how = keys.Source == KeySource.Published ? $"the keys {entity} publishes ({known})" : $"the key pinned for {entity} ({known})";
        switch (check.Status)
        {
            case CommitSignatureStatus.Unsigned:
                return (IdentityProof.NameOnly, new ChainSignatureException($"its tip {tip} is unsigned, but {entity}'s chains must be signed by {how}."), check, null);
            case CommitSignatureStatus.Invalid:
                return (IdentityProof.NameOnly, new ChainSignatureException($"the signature of its tip {tip} is not valid ({check.Problem})."), check, null);
        }

        if (keys.Keys.Contains(check.Key!))
        {
            return (keys.Source == KeySource.Published ? IdentityProof.PublishedKey : IdentityProof.PinnedKey, null, check, null);
        }

        var signer = check.Key!.Fingerprint;

        // Not an owner key: it may be an agent's, granted by the owner in the chain's grants file. Revocations seen in
        // the last verified snapshot count too, so an agent cannot drop its own revocation from a new tree.
        // Read as the event-line verifier reads them (AgentGrantsFile's one rule), so a tip and its lines get one verdict.
        // A commit time no DateTimeOffset holds (999999999999999 seconds, written by hand) is the nearest there is
        // (CommitPeople): LibGit2Sharp threw reading it, and the snapshot was refused as unreadable, in .NET's words.
        var (verified, signedAt) = repository.Use(repo => (TrackingRefs.ReadVerified(repo, remote.Name),
            repo.Lookup<Commit>(commit) is { } tipCommit ? CommitPeople.Read(repo, tipCommit).Committer.When : DateTimeOffset.MinValue));
        var grants = AgentGrantsFile.ReadFromCommit(repository, commit, maxBlobBytes, keys.Keys);
        if (verified is not null && verified != commit)
        {
            grants = grants.WithRevocationsOf(AgentGrantsFile.ReadFromCommit(repository, verified, maxBlobBytes, keys.Keys));
        }

        // The later of the signing time and now: a grant must cover both (the commit time is the signer's claim).
        var now = DateTimeOffset.UtcNow;
        var at = signedAt > now ? signedAt : now;
        var (status, grant) = grants.Evaluate(check.Key!, at);
        switch (status)
        {
            case Identity.AgentGrantStatus.Valid:
                return (keys.Source == KeySource.Published ? IdentityProof.PublishedKey : IdentityProof.PinnedKey, null, check, grant!.Agent);
            case Identity.AgentGrantStatus.Revoked:
                return (IdentityProof.NameOnly, new ChainSignatureException($"its tip {tip} is signed by {signer}, the key of agent {grant?.Agent ?? "(unknown)"}, which {entity}'s owner revoked.", signerFingerprint: signer), check, null);
            case Identity.AgentGrantStatus.Expired:
                return (IdentityProof.NameOnly, new ChainSignatureException($"its tip {tip} is signed by {signer}, the key of agent {grant!.Agent}, whose grant expired at {grant.Expires:yyyy-MM-dd'T'HH:mm:ss'Z'} (checked at {at:yyyy-MM-dd'T'HH:mm:ss'Z'}).", signerFingerprint: signer), check, null);
        }

        return keys.Source == KeySource.Pinned
            ? (IdentityProof.NameOnly, new ChainSignatureException(
                $"KEY CHANGED: its tip {tip} is signed by {signer}, not by {how}. Someone may be publishing as {entity}; if {entity} really changed its key, accept the new one (TrustedKeyStore.AcceptSigner) after checking it with them.",
                isKeyChange: true, signerFingerprint: signer), check, null)
            : (IdentityProof.NameOnly, new ChainSignatureException(
                $"its tip {tip} is signed by {signer}, which is not among {how}. If {entity} has a new key, it must publish it in its well-known document first; then read its published keys again.",
                isKeyChange: true, signerFingerprint: signer), check, null);
    }

    /// <summary>Pins the key of a snapshot that passed, when the entity had none kept (trust on first use).</summary>
    public static void PinOnFirstUse(FederationRepository repository, RegisteredRemote remote, CommitSignatureCheck check)
    {
        if (check.Status != CommitSignatureStatus.Valid)
        {
            return;
        }

        var store = new TrustedKeyStore(repository);
        if (store.Get(remote.Chain.Entity) is null)
        {
            store.Set(remote.Chain.Entity, [check.Key!], KeySource.Pinned);
        }
    }
}
