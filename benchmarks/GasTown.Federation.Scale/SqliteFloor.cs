using System.Diagnostics;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

/// <summary>
/// What SQLite alone costs for one chain's rows, as a floor under the index's throughput target: every unit's exact line
/// and three filter columns into a table, and its title and description into a contentless FTS5 table (the index's own
/// settings: WAL, synchronous NORMAL, one transaction), from units already parsed. No hashing, no compression, no
/// secondary index, no edges, no audit rows: an index that searches text cannot be written faster than this.
/// </summary>
internal static class SqliteFloor
{
    /// <summary>Milliseconds to write <paramref name="jsonl"/>'s units into a new database at <paramref name="path"/> (best of 3).</summary>
    public static double Measure(byte[] jsonl, string path)
    {
        var units = WorkUnitDocument.Parse(jsonl).WorkUnits.ToList();
        var lines = new List<byte[]>(units.Count);
        foreach (var line in jsonl.AsSpan().Split((byte)'\n'))
        {
            if (line.End.Value > line.Start.Value)
            {
                lines.Add(jsonl[line]);
            }
        }

        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
            {
                File.Delete(file);
            }

            var watch = Stopwatch.StartNew();
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                connection.Open();
                Execute(connection, """
                    PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                    CREATE TABLE units(id INTEGER PRIMARY KEY, unit_id TEXT NOT NULL, status TEXT NOT NULL, priority INTEGER NOT NULL, line BLOB NOT NULL);
                    CREATE VIRTUAL TABLE units_fts USING fts5(title, body, content='', contentless_delete=1, tokenize='unicode61');
                    """);
                using var transaction = connection.BeginTransaction();
                using var row = Prepare(connection, transaction, "INSERT INTO units(id, unit_id, status, priority, line) VALUES($id, $unit, $status, $priority, $line)", "$id", "$unit", "$status", "$priority", "$line");
                using var text = Prepare(connection, transaction, "INSERT INTO units_fts(rowid, title, body) VALUES($id, $title, $body)", "$id", "$title", "$body");
                for (var i = 0; i < units.Count; i++)
                {
                    var unit = units[i];
                    row.Parameters[0].Value = i + 1L;
                    row.Parameters[1].Value = unit.Id;
                    row.Parameters[2].Value = unit.Status.Value;
                    row.Parameters[3].Value = unit.Priority;
                    row.Parameters[4].Value = i < lines.Count ? lines[i] : Array.Empty<byte>();
                    row.ExecuteNonQuery();
                    text.Parameters[0].Value = i + 1L;
                    text.Parameters[1].Value = unit.Title;
                    text.Parameters[2].Value = (object?)unit.Description ?? DBNull.Value;
                    text.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        return best;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
