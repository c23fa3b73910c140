using GasTown.Federation.GitTransport;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// An open read transaction of the index that found it current, with the registered remotes and their tips as that check
/// read them: handed from <see cref="FederationIndex.RefreshForReadAsync"/> to the query's <see cref="IndexQueryReader"/>,
/// which owns it from then on. Disposing it ends the transaction and closes the connection.
/// </summary>
/// <param name="Connection">The read-only connection.</param>
/// <param name="Transaction">The transaction the check read in.</param>
/// <param name="Remotes">The registered remotes the index was found current for.</param>
/// <param name="Tips">Each remote's tip commit by remote name, as read from its ref by the check: the revision its row holds.</param>
internal sealed record IndexRead(SqliteConnection Connection, SqliteTransaction Transaction, IReadOnlyList<RegisteredRemote> Remotes, IReadOnlyDictionary<string, string> Tips)
    : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Transaction.Dispose();
        Connection.Dispose();
    }
}
