using GasTown.Federation.Model;
using GasTown.Federation.Query;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Writes a work unit's <c>unit_actors</c> rows (schema 16): one per actor an audit can find in its line and whole second
/// at which it acts there, as Query's <c>AuditQuery</c> derives the beads entries (the creator, the assignee of a closed
/// unit, each comment's author, each dependency's creator). Every entry of the unit therefore has a row at its own second,
/// which is what lets a page of an audit read the newest seconds only. Only ids and integers: the entries themselves are
/// derived at query time from the unit's stored line, so a row never copies a title or a comment.
/// </summary>
internal sealed class UnitActorRows : IDisposable
{
    private readonly ActorIds _actors;
    private readonly RawStatement _insert;
    private readonly RawStatement _delete;
    private readonly HashSet<(string Actor, long Second)> _rows = [];

    public UnitActorRows(SqliteConnection connection)
    {
        _actors = new ActorIds(connection);
        try
        {
            // A row left by an older schema step that forgot units but not these rows is the same row: kept, never a conflict.
            _insert = new RawStatement(connection, "INSERT OR IGNORE INTO unit_actors(unit, actor, at) VALUES(?1, ?2, ?3)");
            _delete = new RawStatement(connection, "DELETE FROM unit_actors WHERE unit = ?1");
        }
        catch
        {
            _insert?.Dispose();
            _actors.Dispose();
            throw;
        }
    }

    /// <summary>Replaces the rows of the unit at <paramref name="rowId"/>; <paramref name="isNew"/> skips clearing a row that cannot have any.</summary>
    public void Write(long rowId, WorkUnit unit, bool isNew)
    {
        if (!isNew)
        {
            Delete(rowId);
        }

        _rows.Clear();
        if (unit.CreatedBy is { Length: > 0 } creator)
        {
            Note(creator, unit.CreatedAt.Value);
        }

        if (unit.Status == WorkStatus.Closed && unit.Assignee is { Length: > 0 } assignee)
        {
            Note(assignee, (unit.ClosedAt ?? unit.UpdatedAt).Value);
        }

        foreach (var comment in unit.Comments)
        {
            Note(comment.Author, comment.CreatedAt.Value);
        }

        foreach (var dependency in unit.Dependencies)
        {
            if (dependency.CreatedBy is { Length: > 0 } by)
            {
                Note(by, dependency.CreatedAt.Value);
            }
        }

        foreach (var (name, second) in _rows)
        {
            _insert.Bind(1, rowId).Bind(2, _actors.Of(name)).Bind(3, second).Run();
        }
    }

    public void Delete(long rowId) => _delete.Bind(1, rowId).Run();

    /// <summary>
    /// Writes the rows of every unit in the file from its stored line, as indexing writes them (schema 16's step: the
    /// rows of 15 kept one second per actor, which cannot be split without the line). A line that does not parse as
    /// one unit gets no rows; reading it reports the damage, as any query does. Runs in <paramref name="transaction"/>.
    /// </summary>
    public static void WriteAllFromStoredLines(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var rows = new UnitActorRows(connection);
        using var command = IndexDatabase.Command(connection, transaction, "SELECT id, line FROM units");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var document = WorkUnitDocument.Parse(StoredLine.Read(reader, 1));
            if (document.WorkUnits.Count == 1)
            {
                rows.Write(reader.GetInt64(0), document.WorkUnits[0], isNew: true);
            }
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _delete.Dispose();
        _actors.Dispose();
    }

    private void Note(string actor, DateTimeOffset when) => _rows.Add((actor, AuditSeconds.Of(when)));
}
