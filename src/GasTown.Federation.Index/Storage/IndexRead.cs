using GasTown.Federation.GitTransport;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// An open read transaction of the index that found it current, with the registry (the remotes, their tips and verified
/// commits, the keys kept) as that check read it: handed from <see cref="FederationIndex.RefreshForReadAsync"/> to the query's <see cref="IndexQueryReader"/>,
/// which owns it from then on. A class, not a record: it owns a connection, so it has no copies and no value equality.
/// </summary>
internal sealed class IndexRead : IDisposable
{
    /// <summary>Hands over <paramref name="connection"/> and <paramref name="transaction"/>: this read owns them from now on.</summary>
    public IndexRead(SqliteConnection connection, SqliteTransaction transaction, RegistrySnapshot registry)
    {
        Connection = connection;
        Transaction = transaction;
        Registry = registry;
    }

    /// <summary>The read-only connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The transaction the check read in.</summary>
    public SqliteTransaction Transaction { get; }

    /// <summary>
    /// The registry the index was found current for: its remotes, each one's tip as the check read it from its ref (the
    /// revision its row holds) and its verified commit, and the keys kept.
    /// </summary>
    public RegistrySnapshot Registry { get; }

    /// <summary>Ends the transaction and closes the connection.</summary>
    public void Dispose()
    {
        Transaction.Dispose();
        Connection.Dispose();
    }
}
