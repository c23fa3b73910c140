using System.Text;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Writes the rows of one issues file's units: the unit, its dependency edges and its full-text entry. Its statements
/// are prepared once per file and reused for every line (a statement prepared per line would cost more than the line).
/// </summary>
internal sealed class UnitWriter : IDisposable
{
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _deleteDeps;
    private readonly SqliteCommand _insertDep;
    private readonly SqliteCommand _deleteFts;
    private readonly SqliteCommand _insertFts;
    private readonly SqliteCommand _move;
    private readonly SqliteCommand _deleteUnit;

    public UnitWriter(SqliteConnection connection, SqliteTransaction transaction, long chainId, long fileId, string rig)
    {
        _upsert = Prepare(connection, transaction, """
            INSERT INTO units(chain_id, file_id, rig, unit_id, uri, line_no, offset, length, hash, status, issue_type, priority,
                              assignee, created_by, created_at, updated_at, closed_at, title, line, warn, delegates)
            VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17, $p18, $p19, $p20)
            ON CONFLICT(chain_id, rig, unit_id) DO UPDATE SET
                file_id = excluded.file_id, uri = excluded.uri, line_no = excluded.line_no, offset = excluded.offset,
                length = excluded.length, hash = excluded.hash, status = excluded.status, issue_type = excluded.issue_type,
                priority = excluded.priority, assignee = excluded.assignee, created_by = excluded.created_by,
                created_at = excluded.created_at, updated_at = excluded.updated_at, closed_at = excluded.closed_at, title = excluded.title,
                line = excluded.line, warn = excluded.warn, delegates = excluded.delegates
            RETURNING id
            """, 21);
        _upsert.Parameters[0].Value = chainId;
        _upsert.Parameters[1].Value = fileId;
        _upsert.Parameters[2].Value = rig;
        _deleteDeps = Prepare(connection, transaction, "DELETE FROM deps WHERE unit = $p0", 1);
        _insertDep = Prepare(connection, transaction, "INSERT INTO deps(unit, depends_on, type) VALUES($p0, $p1, $p2)", 3);
        _deleteFts = Prepare(connection, transaction, "DELETE FROM units_fts WHERE rowid = $p0", 1);
        _insertFts = Prepare(connection, transaction, "INSERT INTO units_fts(rowid, title, body) VALUES($p0, $p1, $p2)", 3);
        _move = Prepare(connection, transaction, "UPDATE units SET line_no = $p1, offset = $p2, length = $p3 WHERE id = $p0", 4);
        _deleteUnit = Prepare(connection, transaction, "DELETE FROM units WHERE id = $p0", 1);
    }

    /// <summary>
    /// Writes a parsed line's unit; <paramref name="isNew"/> skips clearing edges and text of a row that cannot have any;
    /// <paramref name="warned"/> records that the line was read with a warning (a load would report it). A line that names
    /// <c>delegated_from</c> anywhere is marked as one that may delegate (walks over it are then left to loaded chains).
    /// </summary>
    public void Upsert(WorkUnit unit, GtUri uri, long lineNo, long offset, ReadOnlyMemory<byte> line, long hash, bool isNew, bool warned)
    {
        Set(_upsert, 3, unit.Id, uri.ToString(), lineNo, offset, (long)line.Length, hash, unit.Status.Value, unit.IssueType.Value, unit.Priority,
            unit.Assignee, unit.CreatedBy, unit.CreatedAt.Text, unit.UpdatedAt.Text, unit.ClosedAt?.Text, unit.Title, line.ToArray(), warned ? 1L : 0L,
            line.Span.IndexOf("delegated_from"u8) >= 0 ? 1L : 0L);
        var rowId = Convert.ToInt64(_upsert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        if (!isNew)
        {
            Run(_deleteDeps, rowId);
            Run(_deleteFts, rowId);
        }

        foreach (var dependency in unit.Dependencies)
        {
            Run(_insertDep, rowId, dependency.DependsOnId, dependency.Type.Value);
        }

        Run(_insertFts, rowId, unit.Title, Body(unit));
    }

    public void Move(long rowId, long lineNo, long offset, long length) => Run(_move, rowId, lineNo, offset, length);

    public void Delete(long rowId)
    {
        Run(_deleteFts, rowId);
        Run(_deleteDeps, rowId);
        Run(_deleteUnit, rowId);
    }

    public void Dispose()
    {
        foreach (var command in new[] { _upsert, _deleteDeps, _insertDep, _deleteFts, _insertFts, _move, _deleteUnit })
        {
            command.Dispose();
        }
    }

    /// <summary>Removes a file that no route names any more, with its units.</summary>
    public static void DeleteFile(SqliteConnection connection, SqliteTransaction transaction, long fileId)
    {
        IndexDatabase.Execute(connection, transaction, "DELETE FROM units_fts WHERE rowid IN (SELECT id FROM units WHERE file_id = $p0)", fileId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM deps WHERE unit IN (SELECT id FROM units WHERE file_id = $p0)", fileId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM units WHERE file_id = $p0", fileId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM files WHERE id = $p0", fileId);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = IndexDatabase.Command(connection, transaction, sql, new object?[parameters]);
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        Set(command, 0, values);
        command.ExecuteNonQuery();
    }

    private static void Set(SqliteCommand command, int first, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[first + i].Value = values[i] ?? DBNull.Value;
        }
    }

    // The searchable text besides the title: description, notes and every comment's text (the fields a person writes).
    private static string Body(WorkUnit unit)
    {
        var body = new StringBuilder();
        Append(body, unit.Description);
        Append(body, unit.Notes);
        foreach (var comment in unit.Comments)
        {
            Append(body, comment.Text);
        }

        return body.ToString();
    }

    private static void Append(StringBuilder body, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            body.Append(text).Append('\n');
        }
    }
}
