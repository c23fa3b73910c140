using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Writes a work unit's <c>unit_actors</c> rows (schema 10): each actor an audit can find in its line, as Query's
/// <c>AuditQuery</c> derives the beads entries (the creator, the assignee of a closed unit, each comment's author, each
/// dependency's creator), with that actor's latest instant on the unit. Only ids and integers: the entries themselves are
/// derived at query time from the unit's stored line, so a row never copies a title or a comment.
/// </summary>
internal sealed class UnitActorRows : IDisposable
{
    private readonly ActorIds _actors;
    private readonly RawStatement _insert;
    private readonly RawStatement _delete;
    private readonly Dictionary<string, long> _latest = new(StringComparer.Ordinal);

    public UnitActorRows(SqliteConnection connection)
    {
        _actors = new ActorIds(connection);
        try
        {
            // A row left by an older schema step that forgot units but not these rows is overwritten, never a conflict.
            _insert = new RawStatement(connection, "INSERT INTO unit_actors(unit, actor, last) VALUES(?1, ?2, ?3) ON CONFLICT(unit, actor) DO UPDATE SET last = excluded.last");
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

        _latest.Clear();
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

        foreach (var (name, last) in _latest)
        {
            _insert.Bind(1, rowId).Bind(2, _actors.Of(name)).Bind(3, last).Run();
        }
    }

    public void Delete(long rowId) => _delete.Bind(1, rowId).Run();

    public void Dispose()
    {
        _insert.Dispose();
        _delete.Dispose();
        _actors.Dispose();
    }

    private void Note(string actor, DateTimeOffset when)
    {
        var seconds = AuditSeconds.Of(when);
        if (!_latest.TryGetValue(actor, out var known) || seconds > known)
        {
            _latest[actor] = seconds;
        }
    }
}
