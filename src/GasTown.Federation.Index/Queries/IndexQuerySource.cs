using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// The federation index as Query's <see cref="IQueryIndex"/>: each reader is one read transaction of <c>index.db</c>,
/// brought up to date first. It speaks only for the chains of GitTransport's provider over the same town (the chains
/// it indexes); for any other provider, when the index cannot be opened or built, and when it is out of date while
/// another process holds its write lock (a query never waits behind another process's indexing), it declines and the
/// query loads its chains.
/// </summary>
internal sealed class IndexQuerySource : IQueryIndex
{
    private readonly FederationIndex _index;
    private readonly IChainProvider _provider;

    public IndexQuerySource(FederationIndex index, IChainProvider provider)
    {
        _index = index;
        _provider = provider;
    }

    public async ValueTask<IQueryIndexReader?> OpenReaderAsync(CancellationToken cancellationToken = default)
    {
        if (_provider is not GitChainProvider git
            || !string.Equals(Path.GetFullPath(git.TownRoot), _index.TownRoot, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            // Never wait behind another process's indexing: a query that finds the lock held loads its chains now.
            var current = await _index.RefreshForReadAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            return IndexQueryReader.TryOpen(_index, git, current, cancellationToken);
        }
        catch (SqliteException exception) when (IndexDatabase.Cancelled(exception, cancellationToken) is { } cancelled)
        {
            // The reader's own first reads, stopped by the caller: the query ends as cancelled, not without an index.
            throw cancelled;
        }
        catch (Exception exception) when (exception is FederationIndexException or SqliteException or IOException or UnauthorizedAccessException)
        {
            // Another process held the lock too long, the disk refused, the file is damaged: the query loads its chains.
            return null;
        }
    }
}
