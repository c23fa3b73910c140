using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Opens <c>index.db</c>: WAL journal (readers never wait for the writer), foreign writers queued by
/// <see cref="IndexWriteLock"/>, the schema created or migrated on first open by a writer.
/// </summary>
internal static class IndexDatabase
{
    /// <summary>Opens a connection; pooling is off so that deleting the file (a rebuild) never meets a cached handle.</summary>
    public static SqliteConnection Open(string path, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();

        // busy_timeout: a reader that meets a checkpoint, or a writer that meets a reader's lock, waits instead of failing.
        pragma.CommandText = readOnly
            ? "PRAGMA busy_timeout = 30000;"
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA temp_store = MEMORY;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs a statement with parameters given in order as <c>$p0</c>, <c>$p1</c>, ….</summary>
    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Command(connection, transaction, sql, values);
        return command.ExecuteNonQuery();
    }

    /// <summary>A command with parameters given in order as <c>$p0</c>, <c>$p1</c>, ….</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>One scalar value.</summary>
    public static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Command(connection, transaction, sql, values);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
