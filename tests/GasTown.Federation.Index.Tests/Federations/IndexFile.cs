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

    /// <summary>
    /// Marks a chain as one the index cannot describe exactly, as the indexer does when the chain's employment claims are
    /// not the lines it found, or when the load it made for the chain's notes failed (a local file changing under it):
    /// every query touching the chain then loads it, until its bytes change. No remote data is known to make a chain so
    /// any more, so tests of the queries' loading path set it here.
    /// </summary>
    public static void MarkNotExact(string databasePath, string chain)
    {
        using var connection = Open(databasePath);
        Execute(connection, $"UPDATE chains SET exact = 0 WHERE uri = '{chain}'").ShouldBe(1);
    }

    /// <summary>The first column of the first row, as text.</summary>
    public static string? Text(SqliteConnection connection, string sql) => Scalar(connection, sql)?.ToString();
}
