using GasTown.Federation.GitTransport;

namespace GasTown.Federation.Index;

/// <summary>
/// One chain to keep indexed and what its current state is, found cheaply (a ref lookup, a few file stamps):
/// the remote's tip commit, or the local town's stamp of its small files.
/// </summary>
/// <param name="Uri">The chain.</param>
/// <param name="Remote">The registered remote, or null for the local town.</param>
/// <param name="Revision">The tip commit (remote), the stamp of town.json, routes and relationships (local), or null when never fetched.</param>
internal sealed record ChainTarget(GtUri Uri, RegisteredRemote? Remote, string? Revision)
{
    public bool IsLocal => Remote is null;

    /// <summary>The remote's last verified snapshot (<c>refs/gt/verified/&lt;name&gt;</c>), or null.</summary>
    public string? Verified { get; init; }

    /// <summary>The keys kept for the remote's entity as one comparable value (<see cref="TrustedKeysSnapshot.StateOf"/>), or null.</summary>
    public string? Keys { get; init; }
}
