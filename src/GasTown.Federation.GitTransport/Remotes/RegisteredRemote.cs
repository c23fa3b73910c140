using System.Text;
using GasTown.Federation;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// A chain registered as a git remote of the town's federation repository: the git remote's
/// <see cref="Name"/> and <see cref="Url"/>, and the gt:// <see cref="Chain"/> it serves (stored in
/// git config as <c>remote.&lt;name&gt;.gtUri</c>).
/// </summary>
/// <param name="Name">The git remote name, e.g. <c>acme</c>.</param>
/// <param name="Url">The git URL fetched from (local path, file://, git://, http(s)://, ssh).</param>
/// <param name="Chain">The chain this remote serves, e.g. <c>gt://acme.com/engineering</c>.</param>
/// <param name="Rig">For a one-rig repository (a plain repository with <c>.beads/issues.jsonl</c> at its root), the rig name its work units belong to; <see langword="null"/> for a town snapshot.</param>
/// <param name="Branch">The branch to read, when set explicitly; otherwise <see cref="FederationRepository.PublishedBranch"/> for a town and <c>main</c>/<c>master</c> for a one-rig repository.</param>
/// <param name="LastFetchedAt">When the last successful fetch finished, or <see langword="null"/> if it never was fetched.</param>
public sealed record RegisteredRemote(
    string Name,
    string Url,
    GtUri Chain,
    string? Rig,
    string? Branch,
    DateTimeOffset? LastFetchedAt)
{
    /// <summary>
    /// <see cref="Url"/> as it may be shown (logs, errors, listings): a password written into it (<c>https://user:secret@host/…</c>,
    /// which <see cref="RemoteRegistry.Add(RemoteDefinition)"/> refuses but git config edited by hand may hold) is replaced by <c>***</c>.
    /// </summary>
    public string DisplayUrl => UrlCredentials.Redacted(Url);

    /// <summary>
    /// The last fetch of this remote, when it failed after the last successful one (<see cref="LastFetchedAt"/>), in this
    /// process or another: when, why and what it said. Null when the last fetch succeeded or none failed. The data of the
    /// last successful fetch is kept, and queries answer from it saying so.
    /// </summary>
    public FetchFailureRecord? LastFetchFailure { get; init; }

    /// <summary>
    /// When the snapshot kept as verified (the last that passed the identity, signature and limit checks) was last fetched
    /// as the remote's tip: what an answer from it is as of once a newer snapshot is refused, when
    /// <see cref="LastFetchedAt"/> is the refused one's fetch. Null when no snapshot has passed, or it passed before this
    /// was recorded.
    /// </summary>
    public DateTimeOffset? VerifiedFetchedAt { get; init; }

    /// <summary>Whether this remote is a one-rig repository (its identity cannot be verified) rather than a published town.</summary>
    public bool IsSingleRig => Rig is not null;

    /// <summary>The ref namespace fetched refs land in: <c>refs/remotes/&lt;name&gt;/</c>.</summary>
    public string TrackingRefPrefix => "refs/remotes/" + Name + "/";

    /// <summary>
    /// The refspecs of the branches this remote publishes, never <c>refs/heads/*</c>: a stranger's repository
    /// can hold any number of branches, and only the published one is ours to read. Written to git config
    /// (so a hand-typed <c>git fetch</c> takes no more) and used by every fetch.
    /// </summary>
    internal IReadOnlyList<string> FetchRefSpecs
    {
        get
        {
            string Spec(string source, string branch) => $"+{source}:{TrackingRefPrefix}{branch}";
            if (Branch is { } branch)
            {
                return [Spec("refs/heads/" + branch, branch)];
            }

            if (!IsSingleRig)
            {
                return [Spec(FederationRepository.PublishedBranchRef, FederationRepository.PublishedBranch)];
            }

            // A one-rig repository publishes on its default branch: main or master by name, else whatever HEAD names.
            return [Spec("refs/heads/main", "main"), Spec("refs/heads/master", "master"), Spec(FederationRepository.PublishedBranchRef, FederationRepository.PublishedBranch), Spec("HEAD", "HEAD")];
        }
    }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
