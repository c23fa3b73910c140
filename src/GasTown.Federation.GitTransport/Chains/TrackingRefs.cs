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

    /// <summary>The tracking ref and commit of the snapshot to read, or null when nothing was fetched.</summary>
    /// <exception cref="MissingCommitException">A tracking ref names a commit this repository does not hold (a pack cut short or deleted).</exception>
    /// <exception cref="LibGit2SharpException">A tracking ref names a commit this repository holds but cannot read (a damaged pack).</exception>
    public static (string RefName, string Commit)? ResolveTip(LibGit2Sharp.Repository repo, RegisteredRemote remote)
    {
        foreach (var branch in CandidateBranches(remote))
        {
            var name = remote.TrackingRefPrefix + branch;
            if (repo.Refs[name]?.ResolveToDirectReference() is { } reference && CommitOf(repo, remote, reference) is { } commit)
            {
                return (name, commit.Sha);
            }
        }

        if (remote.IsSingleRig && remote.Branch is null)
        {
            // A one-rig repository whose default branch is neither main nor master: take the only branch there is.
            var all = repo.Refs.FromGlob(remote.TrackingRefPrefix + "*").ToArray();
            if (all.Length == 1 && all[0].ResolveToDirectReference() is { } reference && CommitOf(repo, remote, reference) is { } only)
            {
                return (all[0].CanonicalName, only.Sha);
            }
        }

        return null;
    }

    // The commit a tracking ref names, or null when it names another kind of object (no snapshot). A ref whose object is
    // not there at all is this town's copy damaged, not a remote that publishes nothing: read as null, it was said as
    // "nothing published, ask its owner", by every fetch (which cannot bring the commit back) and every query.
    private static Commit? CommitOf(LibGit2Sharp.Repository repo, RegisteredRemote remote, DirectReference reference) => reference.Target switch
    {
        Commit commit => commit,
        null => throw new MissingCommitException(repo.Info.Path, reference.TargetIdentifier, reference.CanonicalName, remote.Name),
        _ => null,
    };

    /// <summary>
    /// The commit <see cref="ResolveTip"/> gives; when the object a tracking ref names cannot be read (a damaged pack) or is
    /// not there (a pack cut short), the commit <see cref="PeekTip"/> names instead, unread, so that a caller going over every
    /// remote (the federation index) reads that commit, fails for that chain alone and says so, rather than failing for all
    /// of them here.
    /// </summary>
    public static string? ResolveTipOrPeek(LibGit2Sharp.Repository repo, RegisteredRemote remote)
    {
        try
        {
            return ResolveTip(repo, remote)?.Commit;
        }
        catch (Exception ex) when (ex is LibGit2SharpException or MissingCommitException)
        {
            return PeekTip(repo, remote);
        }
    }

    /// <summary>
    /// The commit <see cref="ResolveTip"/> would most likely give, without looking any object up: the target of the first
    /// candidate tracking ref that exists, or null when none does. Equal to a commit the caller already knows came from
    /// <see cref="ResolveTip"/>, it is that tip (the first existing candidate names a commit, so <see cref="ResolveTip"/>
    /// stops there); otherwise the caller must resolve the tip properly. Looking up the tip commit opens the pack files
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
