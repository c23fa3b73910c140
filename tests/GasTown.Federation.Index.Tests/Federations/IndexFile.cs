using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index.Tests.Federations;

/// <summary>An index's SQLite file opened directly, for tests that look at its rows or set them back (an older schema, a damaged row).</summary>
internal static class IndexFile
{
    /// <summary>Opens the file without pooling, so closing the connection releases it for the index's own processes.</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Runs <paramref name="sql"/>; returns the rows it changed.</summary>
    public static int Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, as SQLite returns it.</summary>
    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>The first column of the first row, as text.</summary>
    public static string? Text(SqliteConnection connection, string sql) => Scalar(connection, sql)?.ToString();
}
