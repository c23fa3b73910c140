using GasTown.Federation;

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
    /// <summary>Whether this remote is a one-rig repository (its identity cannot be verified) rather than a published town.</summary>
    public bool IsSingleRig => Rig is not null;

    /// <summary>The ref namespace fetched refs land in: <c>refs/remotes/&lt;name&gt;/</c>.</summary>
    public string TrackingRefPrefix => "refs/remotes/" + Name + "/";
}
