using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// The registry snapshot (<see cref="RegistrySnapshot"/>) the index keeps between queries, in its <c>meta</c> table: one
/// row per environment a process finds the git configuration through (<see cref="RegistryStamp.EnvironmentKey"/>), so a
/// service and a person's shell with another <c>HOME</c> do not overwrite each other's, and at most
/// <see cref="MaxRows"/> of them. A cache within the cache: not versioned by the schema (the text carries its own format
/// version), and losing it only means reading git once more.
/// </summary>
internal static class KeptRegistry
{
    /// <summary>The most environments kept at once; keeping another forgets the others.</summary>
    public const int MaxRows = 4;

    private const string KeyPrefix = "registry_snapshot:";

    /// <summary>The snapshot kept for this process's environment, if the files it came from are unchanged; else null.</summary>
    public static RegistrySnapshot? TryReuse(SqliteConnection connection, SqliteTransaction transaction, FederationRepository repository)
        => IndexDatabase.Scalar(connection, transaction, "SELECT value FROM meta WHERE key = $p0", KeyOf(repository)) is string kept
            ? RegistrySnapshot.TryReuse(kept, repository)
            : null;

    /// <summary>
    /// Keeps <paramref name="snapshot"/> for the next query, in one attempt that never waits: not while another process
    /// indexes (it holds the index's write lock, which this takes for an instant to see that, as a refresh does), and not
    /// on SQLite's own lock (a busy file is given up at once). The file is never created here (a rebuild may have just
    /// deleted it). A snapshot that cannot be kept only means the next query reads git again.
    /// </summary>
    public static async ValueTask KeepAsync(string databasePath, string lockPath, FederationRepository repository, RegistrySnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            using (var held = await ExclusiveFileLock.TryAcquireAsync(lockPath, TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
            {
                if (held is null)
                {
                    return;
                }
            }

            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            connection.Open();
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, 0);
            // One statement, stepped once through the connection's handle: Microsoft.Data.Sqlite's commands retry a busy
            // file for their whole timeout, 150 ms at a time.
            using var forget = new RawStatement(connection,
                $"DELETE FROM meta WHERE key LIKE '{KeyPrefix}%' AND key <> ?1 AND (SELECT count(*) FROM meta WHERE key LIKE '{KeyPrefix}%' AND key <> ?1) >= {MaxRows}");
            forget.Bind(1, KeyOf(repository)).Run();
            using var insert = new RawStatement(connection, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
            insert.Bind(1, KeyOf(repository)).Bind(2, snapshot.ToText()).Run();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            // Not kept (busy, read-only, deleted): the next query reads git again and tries again.
        }
    }

    private static string KeyOf(FederationRepository repository) => KeyPrefix + RegistryStamp.EnvironmentKey(repository);
}
