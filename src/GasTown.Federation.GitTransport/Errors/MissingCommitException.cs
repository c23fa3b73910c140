namespace GasTown.Federation.GitTransport;

/// <summary>
/// A commit of a fetched snapshot that the federation repository does not hold although a ref or a reader names it: this
/// town's copy of a remote is damaged (a pack cut short or deleted). Said alike by every reader of such a commit (the tip's
/// look-up, its signature, its tree), so each names the damage and the way out, not an owner who never published.
/// </summary>
/// <remarks>
/// A fetch cannot mend it: git tells the remote that what the refs name is here already, so the remote sends nothing. A
/// remote removed and registered again has no such ref, and is fetched whole.
/// </remarks>
internal sealed class MissingCommitException : GitTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="repositoryPath">The federation repository that lacks the commit.</param>
    /// <param name="commit">The commit's full id.</param>
    /// <param name="refName">The ref that names it, when a ref's look-up found it missing.</param>
    /// <param name="remoteName">The remote whose copy it is, when known.</param>
    public MissingCommitException(string repositoryPath, string commit, string? refName = null, string? remoteName = null)
        : base(Describe(repositoryPath, commit, refName, remoteName))
    {
    }

    private static string Describe(string repositoryPath, string commit, string? refName, string? remoteName)
    {
        // libgit2 gives a repository's folder with a separator at its end; the folder is named as everywhere else.
        repositoryPath = Path.TrimEndingDirectorySeparator(repositoryPath);
        var missing = refName is null
            ? $"The commit {commit} is not in {repositoryPath}"
            : $"{refName} names commit {commit}, which is not in {repositoryPath}";
        var copy = remoteName is null ? "this town's copy of the remote" : $"this town's copy of remote '{remoteName}'";
        return $"{missing}: {copy} is damaged (a pack cut short or deleted). Fetching again cannot bring the commit back, as git tells the remote it is here already: remove the remote and register it again to fetch it whole; `git fsck` in that folder says what else is damaged.";
    }
}
