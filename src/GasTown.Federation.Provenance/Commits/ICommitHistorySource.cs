using GasTown.Federation;

namespace GasTown.Federation.Provenance;

/// <summary>
/// The commits of a chain, for audits. GasTown.Federation.GitTransport implements it over a town's git history and
/// fetched remotes; GasTown.Federation.Query's audit consumes it without depending on git.
/// </summary>
public interface ICommitHistorySource
{
    /// <summary>The chain's commits, newest first, optionally only those at or after <paramref name="since"/>.</summary>
    /// <param name="chain">The chain (<c>gt://entity/chain</c>) whose history to read.</param>
    /// <param name="since">The earliest author date to return; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    IAsyncEnumerable<CommitRecord> GetCommitsAsync(GtUri chain, DateTimeOffset? since, CancellationToken cancellationToken = default);
}
