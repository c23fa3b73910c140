using GasTown.Federation.GitTransport;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// An open read transaction of the index that found it current, with the registered remotes and their tips as that check
/// read them: handed from <see cref="FederationIndex.RefreshForReadAsync"/> to the query's <see cref="IndexQueryReader"/>,
/// which owns it from then on. A class, not a record: it owns a connection, so it has no copies and no value equality.
/// </summary>
internal sealed class IndexRead : IDisposable
{
    /// <summary>Hands over <paramref name="connection"/> and <paramref name="transaction"/>: this read owns them from now on.</summary>
    public IndexRead(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<RegisteredRemote> remotes, IReadOnlyDictionary<string, string> tips)
    {
        Connection = connection;
        Transaction = transaction;
        Remotes = remotes;
        Tips = tips;
    }

    /// <summary>The read-only connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The transaction the check read in.</summary>
    public SqliteTransaction Transaction { get; }

    /// <summary>The registered remotes the index was found current for.</summary>
    public IReadOnlyList<RegisteredRemote> Remotes { get; }

    /// <summary>Each remote's tip commit by remote name, as the check read it from its ref: the revision its row holds.</summary>
    public IReadOnlyDictionary<string, string> Tips { get; }

    /// <summary>Ends the transaction and closes the connection.</summary>
    public void Dispose()
    {
        Transaction.Dispose();
        Connection.Dispose();
    }
}
