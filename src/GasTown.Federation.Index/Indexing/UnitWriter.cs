using System.Text;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>Writes the rows of one issues file's units: the unit, its dependency edges and its full-text entry.</summary>
internal sealed class UnitWriter
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly long _chainId;
    private readonly long _fileId;
    private readonly string _rig;

    public UnitWriter(SqliteConnection connection, SqliteTransaction transaction, long chainId, long fileId, string rig)
    {
        _connection = connection;
        _transaction = transaction;
        _chainId = chainId;
        _fileId = fileId;
        _rig = rig;
    }

    public void Upsert(WorkUnit unit, GtUri uri, long lineNo, long offset, long length, long hash)
    {
        var rowId = Convert.ToInt64(IndexDatabase.Scalar(_connection, _transaction, """
            INSERT INTO units(chain_id, file_id, rig, unit_id, uri, line_no, offset, length, hash, status, issue_type, priority,
                              assignee, created_by, created_at, updated_at, closed_at, title)
            VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17)
            ON CONFLICT(chain_id, rig, unit_id) DO UPDATE SET
                file_id = excluded.file_id, uri = excluded.uri, line_no = excluded.line_no, offset = excluded.offset,
                length = excluded.length, hash = excluded.hash, status = excluded.status, issue_type = excluded.issue_type,
                priority = excluded.priority, assignee = excluded.assignee, created_by = excluded.created_by,
                created_at = excluded.created_at, updated_at = excluded.updated_at, closed_at = excluded.closed_at, title = excluded.title
            RETURNING id
            """,
            _chainId, _fileId, _rig, unit.Id, uri.ToString(), lineNo, offset, length, hash, unit.Status.Value, unit.IssueType.Value, unit.Priority,
            unit.Assignee, unit.CreatedBy, unit.CreatedAt.Text, unit.UpdatedAt.Text, unit.ClosedAt?.Text, unit.Title), System.Globalization.CultureInfo.InvariantCulture);

        IndexDatabase.Execute(_connection, _transaction, "DELETE FROM deps WHERE unit = $p0", rowId);
        foreach (var dependency in unit.Dependencies)
        {
            IndexDatabase.Execute(_connection, _transaction, "INSERT INTO deps(unit, depends_on, type) VALUES($p0, $p1, $p2)", rowId, dependency.DependsOnId, dependency.Type.Value);
        }

        IndexDatabase.Execute(_connection, _transaction, "DELETE FROM units_fts WHERE rowid = $p0", rowId);
        IndexDatabase.Execute(_connection, _transaction, "INSERT INTO units_fts(rowid, title, body) VALUES($p0, $p1, $p2)", rowId, unit.Title, Body(unit));
    }

    public void Move(long rowId, long lineNo, long offset, long length)
        => IndexDatabase.Execute(_connection, _transaction, "UPDATE units SET line_no = $p1, offset = $p2, length = $p3 WHERE id = $p0", rowId, lineNo, offset, length);

    public void Delete(long rowId)
    {
        IndexDatabase.Execute(_connection, _transaction, "DELETE FROM units_fts WHERE rowid = $p0", rowId);
        IndexDatabase.Execute(_connection, _transaction, "DELETE FROM deps WHERE unit = $p0", rowId);
        IndexDatabase.Execute(_connection, _transaction, "DELETE FROM units WHERE id = $p0", rowId);
    }

    /// <summary>Removes a file that no route names any more, with its units.</summary>
    public static void DeleteFile(SqliteConnection connection, SqliteTransaction transaction, long fileId)
    {
        IndexDatabase.Execute(connection, transaction, "DELETE FROM units_fts WHERE rowid IN (SELECT id FROM units WHERE file_id = $p0)", fileId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM deps WHERE unit IN (SELECT id FROM units WHERE file_id = $p0)", fileId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM units WHERE file_id = $p0", fileId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM files WHERE id = $p0", fileId);
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
