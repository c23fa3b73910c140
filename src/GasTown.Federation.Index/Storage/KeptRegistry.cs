using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// The registry snapshot (<see cref="RegistrySnapshot"/>) the index keeps between queries, in its <c>meta</c> table: one
/// row per environment a process finds the git configuration through (<see cref="RegistryStamp.EnvironmentKey"/>), so a
/// service and a person's shell with another <c>HOME</c> do not overwrite each other's. A cache within the cache: not
/// versioned by the schema (the text carries its own format version), and losing it only means reading git once more.
/// </summary>
internal static class KeptRegistry
{
    private const string KeyPrefix = "registry_snapshot:";

    /// <summary>The snapshot kept for this process's environment, if the files it came from are unchanged; else null.</summary>
    public static RegistrySnapshot? TryReuse(SqliteConnection connection, SqliteTransaction transaction, FederationRepository repository)
        => IndexDatabase.Scalar(connection, transaction, "SELECT value FROM meta WHERE key = $p0", KeyOf(repository)) is string kept
            ? RegistrySnapshot.TryReuse(kept, repository)
            : null;

    /// <summary>
    /// Keeps <paramref name="snapshot"/> for the next query. Never waits behind another process: not while it indexes (it
    /// holds the index's write lock), and not for more than a moment on SQLite's own lock. Never takes the write lock
    /// either, so another process's refresh is never turned away by a query keeping its snapshot. A snapshot that
    /// cannot be kept (a read-only town, a busy file) only means the next query reads git again.
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

            using var connection = IndexDatabase.Open(databasePath, readOnly: false);
            IndexDatabase.Execute(connection, null, "PRAGMA busy_timeout = 0");
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES($key, $value)";
            command.Parameters.AddWithValue("$key", KeyOf(repository));
            command.Parameters.AddWithValue("$value", snapshot.ToText());
            // Microsoft.Data.Sqlite retries a busy statement until its timeout (zero would be no limit): the least it takes.
            command.CommandTimeout = 1;
            command.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            // Not kept: the next query reads git again and tries again.
        }
    }

    private static string KeyOf(FederationRepository repository) => KeyPrefix + RegistryStamp.EnvironmentKey(repository);
}
