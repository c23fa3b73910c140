using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Where a remote's fetched snapshot lives in the federation repository, and where the last
/// snapshot that passed the identity and safety checks is kept
/// (<c>refs/gt/verified/&lt;name&gt;</c>, a ref so git keeps its objects).
/// </summary>
internal static class TrackingRefs
{
    public const string VerifiedPrefix = "refs/gt/verified/";

    /// <summary>
    /// The tracking ref of the snapshot to read and the object it names, or null when nothing was fetched: the first
    /// candidate ref that exists (<see cref="CandidateRefNames"/>), as <see cref="PeekTip"/> finds it. That object is a
    /// commit unless the remote's branch was written by hand to name a tree or a tag: it is still the remote's newest
    /// snapshot, which every load refuses (<see cref="NotACommit"/>), so that the last verified snapshot answers, as for
    /// any refused snapshot; read as nothing fetched, it was said as "nothing published" and the verified one never read.
    /// </summary>
    /// <exception cref="MissingCommitException">A tracking ref names an object this repository does not hold (a pack cut short or deleted).</exception>
    /// <exception cref="LibGit2SharpException">A tracking ref names an object this repository holds but cannot read (a damaged pack).</exception>
    public static (string RefName, string Target)? ResolveTip(LibGit2Sharp.Repository repo, RegisteredRemote remote)
    {
        foreach (var name in CandidateRefNames(remote))
        {
            if (repo.Refs[name]?.ResolveToDirectReference() is { } reference)
            {
                return (name, Present(repo, remote, reference));
            }
        }

        if (remote.IsSingleRig && remote.Branch is null)
        {
            // A one-rig repository whose default branch is neither main nor master: take the only branch there is.
            var all = repo.Refs.FromGlob(remote.TrackingRefPrefix + "*").ToArray();
            if (all.Length == 1 && all[0].ResolveToDirectReference() is { } reference)
            {
                return (all[0].CanonicalName, Present(repo, remote, reference));
            }
        }

        return null;
    }

    // The object a tracking ref names, looked up. A ref whose object is not there at all is this town's copy damaged, not a
    // remote that publishes nothing: read as null, it was said as "nothing published, ask its owner", by every fetch (which
    // cannot bring the commit back) and every query.
    private static string Present(LibGit2Sharp.Repository repo, RegisteredRemote remote, DirectReference reference)
        => reference.Target is null
            ? throw new MissingCommitException(repo.Info.Path, reference.TargetIdentifier, reference.CanonicalName, remote.Name)
            : reference.TargetIdentifier;

    /// <summary>
    /// Why <paramref name="tip"/>, the object a remote's tracking ref names, is no snapshot: the remote's branch names a
    /// tree, an annotated tag or a blob, not a commit. Null when it names a commit, or an object this repository does not
    /// hold or cannot read (whoever reads it says that).
    /// </summary>
    public static SnapshotNotACommitException? NotACommit(LibGit2Sharp.Repository repo, RegisteredRemote remote, string tip)
    {
        GitObject? target;
        try
        {
            target = repo.Lookup(new ObjectId(tip));
        }
        catch (LibGit2SharpException)
        {
            return null;
        }

        var kind = target switch
        {
            null or Commit => null,
            Tree => "a tree",
            TagAnnotation => "an annotated tag",
            Blob => "a file (a blob)",
            _ => "an object",
        };
        return kind is null ? null : new SnapshotNotACommitException(BranchNaming(repo, remote, tip), kind, tip);
    }

    // The remote's branch whose tracking ref names the tip, as the remote names it (gt/published, main).
    private static string BranchNaming(LibGit2Sharp.Repository repo, RegisteredRemote remote, string tip)
    {
        var names = CandidateRefNames(remote).Concat(repo.Refs.FromGlob(remote.TrackingRefPrefix + "*").Select(r => r.CanonicalName));
        foreach (var name in names)
        {
            if (repo.Refs[name]?.ResolveToDirectReference()?.TargetIdentifier == tip && name.StartsWith(remote.TrackingRefPrefix, StringComparison.Ordinal))
            {
                return name[remote.TrackingRefPrefix.Length..];
            }
        }

        return remote.Branch ?? (remote.IsSingleRig ? "main" : FederationRepository.PublishedBranch);
    }

    /// <summary>
    /// The tip <see cref="ResolveTip"/> gives; when the object a tracking ref names cannot be read (a damaged pack) or is
    /// not there (a pack cut short), the one <see cref="PeekTip"/> names instead, unread, so that a caller going over every
    /// remote (the federation index) reads that commit, fails for that chain alone and says so, rather than failing for all
    /// of them here.
    /// </summary>
    public static string? ResolveTipOrPeek(LibGit2Sharp.Repository repo, RegisteredRemote remote)
    {
        try
        {
            return ResolveTip(repo, remote)?.Target;
        }
        catch (Exception ex) when (ex is LibGit2SharpException or MissingCommitException)
        {
            return PeekTip(repo, remote);
        }
    }

    /// <summary>
    /// The tip <see cref="ResolveTip"/> gives, without looking any object up: the target of the first candidate tracking ref
    /// that exists, or null when none does. Equal to a tip the caller already knows came from <see cref="ResolveTip"/>, it
    /// is that tip (<see cref="ResolveTip"/> stops at the same ref); otherwise the caller must resolve the tip properly (its
    /// object may be missing). Looking up the tip commit opens the pack files
    /// until it is found, and a federation repository holds a pack per fetch: at 100 remotes, resolving every tip to
    /// answer "is the index current?" was most of what a query spent in libgit2.
    /// </summary>
    public static string? PeekTip(LibGit2Sharp.Repository repo, RegisteredRemote remote)
    {
        foreach (var name in CandidateRefNames(remote))
        {
            if (repo.Refs[name]?.ResolveToDirectReference()?.TargetIdentifier is { } target)
            {
                return target;
            }
        }

        if (remote.IsSingleRig && remote.Branch is null)
        {
            // As ResolveTip: a one-rig repository whose only branch is neither main nor master.
            var all = repo.Refs.FromGlob(remote.TrackingRefPrefix + "*").ToArray();
            if (all.Length == 1)
            {
                return all[0].ResolveToDirectReference()?.TargetIdentifier;
            }
        }

        return null;
    }

    public static string? ReadVerified(LibGit2Sharp.Repository repo, string remoteName)
        => repo.Refs[VerifiedPrefix + remoteName]?.ResolveToDirectReference()?.TargetIdentifier;

    public static void WriteVerified(LibGit2Sharp.Repository repo, string remoteName, string commit)
    {
        var name = VerifiedPrefix + remoteName;
        if (repo.Refs[name]?.TargetIdentifier == commit)
        {
            return;
        }

        // Written over: another process fetching the same town may have made the ref between the read above and this write
        // ("a reference with that name already exists" refused a snapshot that had passed).
        repo.Refs.Add(name, new ObjectId(commit), "federation: snapshot verified", allowOverwrite: true);
    }

    public static void DeleteVerified(LibGit2Sharp.Repository repo, string remoteName)
    {
        if (repo.Refs[VerifiedPrefix + remoteName] is { } existing)
        {
            repo.Refs.Remove(existing);
        }
    }

    /// <summary>The tracking refs a remote's tip is read from, in the order they are tried (before a one-rig remote's only branch).</summary>
    public static IEnumerable<string> CandidateRefNames(RegisteredRemote remote) => CandidateBranches(remote).Select(branch => remote.TrackingRefPrefix + branch);

    private static IEnumerable<string> CandidateBranches(RegisteredRemote remote)
    {
        if (remote.Branch is not null)
        {
            yield return remote.Branch;
            yield break;
        }

        if (remote.IsSingleRig)
        {
            yield return "main";
            yield return "master";
            yield return FederationRepository.PublishedBranch;
        }
        else
        {
            yield return FederationRepository.PublishedBranch;
        }
    }
}
