namespace GasTown.Federation.GitTransport;

/// <summary>
/// A remote's two snapshots as its refs name them, nothing loaded: the tip of its last fetch, and the last snapshot that
/// passed the identity, signature and limit checks (<c>refs/gt/verified/&lt;name&gt;</c>), which queries answer from while
/// a newer one is refused.
/// </summary>
/// <param name="Tip">The fetched tip's commit, or null when nothing was fetched (or the remote publishes no branch).</param>
/// <param name="Verified">The last snapshot that passed, or null when none has.</param>
public sealed record RemoteSnapshots(string? Tip, string? Verified)
{
    /// <summary>
    /// Whether the fetched tip is not the snapshot that passed: it was refused (the fetch said why), so queries answer from
    /// <see cref="Verified"/>, or report the chain unavailable when no snapshot has passed.
    /// </summary>
    public bool IsNewestRefused => Tip is not null && !string.Equals(Tip, Verified, StringComparison.Ordinal);
}
