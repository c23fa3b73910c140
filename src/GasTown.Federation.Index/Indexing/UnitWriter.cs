using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Writes the rows of one issues file's units: the unit, its dependency edges and its full-text entry. Its statements
/// are prepared once per file and reused for every line (a statement prepared per line would cost more than the line).
/// </summary>
internal sealed class UnitWriter : IDisposable
{
    private readonly RawStatement _insert;
    private readonly RawStatement _upsert;
    private readonly RawStatement _deleteDeps;
    private readonly RawStatement _insertDep;
    private readonly RawStatement _deleteFts;
    private readonly RawStatement _insertFts;
    private readonly RawStatement _deleteUnit;
    private readonly UnitActorRows _actors;
    private readonly StringBuilder _body = new();
    private byte[] _scratch = new byte[4096];

    // The statements run on the connection's handle, inside the transaction the caller holds on it.
    public UnitWriter(SqliteConnection connection, long chainId, long fileId, string rig)
    {
        var prepared = new List<RawStatement>(7);
        RawStatement Prepare(string sql)
        {
            var statement = new RawStatement(connection, sql);
            prepared.Add(statement);
            return statement;
        }

        try
        {
            // The two statements take the same parameters: a row known to be new is inserted plainly, any other upserted.
            const string Insert = """
                INSERT INTO units(chain_id, file_id, rig, unit_id, uri, hash, status, issue_type, priority, assignee, line, warn, delegates, pinned, defer_until)
                VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                """;
            _insert = Prepare(Insert);
            _insert.Bind(1, chainId).Bind(2, fileId).Bind(3, rig);
            _upsert = Prepare(Insert + """
                ON CONFLICT(chain_id, rig, unit_id) DO UPDATE SET
                    file_id = excluded.file_id, uri = excluded.uri, hash = excluded.hash, status = excluded.status, issue_type = excluded.issue_type,
                    priority = excluded.priority, assignee = excluded.assignee, line = excluded.line, warn = excluded.warn,
                    delegates = excluded.delegates, pinned = excluded.pinned, defer_until = excluded.defer_until
                RETURNING id
                """);
            _upsert.Bind(1, chainId).Bind(2, fileId).Bind(3, rig);
            _deleteDeps = Prepare("DELETE FROM deps WHERE unit = ?1");
            _insertDep = Prepare("INSERT INTO deps(unit, depends_on, type, parent_id, chain_id, target_id, target_key) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            _insertDep.Bind(5, chainId);
            _deleteFts = Prepare("DELETE FROM units_fts WHERE rowid = ?1");
            _insertFts = Prepare("INSERT INTO units_fts(rowid, title, body) VALUES(?1, ?2, ?3)");
            _deleteUnit = Prepare("DELETE FROM units WHERE id = ?1");
            _actors = new UnitActorRows(connection);
        }
        catch
        {
            // A statement that cannot be prepared (a damaged schema, a closed connection) must not leak the ones before it:
            // an unfinalised statement keeps the database busy for the next writer.
            foreach (var statement in prepared)
            {
                statement.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Writes a parsed line's unit; <paramref name="isNew"/> (no row of this file has its id) inserts it plainly, with no
    /// edges, text or actors of a row before to clear;
    /// <paramref name="warned"/> records that the line was read with a warning (a load would report it). A unit that holds a
    /// delegation by Query's own rule (<c>BeadsDelegations.MayDelegate</c>: a <c>delegated-from</c> dependency or a parsed
    /// <c>metadata.delegated_from</c>, whatever escapes spell it) is marked (walks over it are then left to loaded chains).
    /// The line is stored as <see cref="StoredLine"/> encodes it. Returns the dependency edges of the row it replaced (none
    /// for a new row): when the row was an earlier line of the same id, those edges are the earlier line's.
    /// </summary>
    public long Upsert(WorkUnit unit, GtUri uri, ReadOnlySpan<byte> line, long hash, bool isNew, bool warned)
    {
        var stored = StoredLine.Encode(line, ref _scratch);

        // A plain INSERT where no row can be there yet (every line of a first index): the INSERT ... ON CONFLICT DO UPDATE
        // ... RETURNING below cost ~21 us a row, stepped through SQLitePCLRaw, against ~2.5 us for the plain one (1 x 100k,
        // benchmarks/README.md, "The indexer's plain insert"). The caller knows this file's rows only, and the key is the
        // chain, rig and id: a row there after all makes the insert write nothing, and it is upserted and cleared as any
        // row that was there.
        long rowId = 0;
        long replacedEdges = 0;
        var inserted = isNew && BindUnit(_insert, unit, uri, stored, hash, warned).TryInsert(out rowId);
        if (!inserted)
        {
            rowId = BindUnit(_upsert, unit, uri, stored, hash, warned).RunScalar();
            replacedEdges = _deleteDeps.Bind(1, rowId).RunCountingChanges();
            _deleteFts.Bind(1, rowId).Run();
        }

        foreach (var dependency in unit.Dependencies)
        {
            // Every edge keeps the id it names, so the units of its chain that depend on a unit are found by its id; a URI
            // keeps the key of the unit it names too (target_key), so those of other chains are found by that unit alone; a
            // parent-child edge keeps the id again (parent_id), so a walk to the children of a unit finds it by that id in its chain.
            var type = dependency.Type.Value;
            var named = NamedWorkIds.Of(dependency.DependsOnId, out var namedKey);
            _insertDep.Bind(1, rowId).Bind(2, dependency.DependsOnId).Bind(3, type)
                .Bind(4, string.Equals(type, NamedWorkIds.ParentChild, StringComparison.Ordinal) ? named : null).Bind(6, named)
                .Bind(7, namedKey).Run();
        }

        _insertFts.Bind(1, rowId).Bind(2, unit.Title).Bind(3, Body(unit)).Run();
        _actors.Write(rowId, unit, isNew: inserted);
        return replacedEdges;
    }

    private static RawStatement BindUnit(RawStatement statement, WorkUnit unit, GtUri uri, ReadOnlySpan<byte> stored, long hash, bool warned)
    {
        statement
            .Bind(4, unit.Id).Bind(5, uri.ToString()).Bind(6, hash)
            .Bind(7, unit.Status.Value).Bind(8, unit.IssueType.Value).Bind(9, unit.Priority).Bind(10, unit.Assignee)
            .BindBlob(11, stored).Bind(12, warned ? 1L : 0L)
            .Bind(13, BeadsDelegations.MayDelegate(unit) ? 1L : 0L)
            .Bind(14, unit.Pinned ? 1L : 0L);

        // UTC ticks: compared as ReadyQuery compares the instants, whatever offset the line wrote.
        return unit.DeferUntil is { } until ? statement.Bind(15, until.Value.UtcTicks) : statement.Bind(15, (string?)null);
    }

    public void Delete(long rowId)
    {
        _deleteFts.Bind(1, rowId).Run();
        _deleteDeps.Bind(1, rowId).Run();
        _actors.Delete(rowId);
        _deleteUnit.Bind(1, rowId).Run();
    }

    public void Dispose()
    {
        foreach (var statement in new[] { _insert, _upsert, _deleteDeps, _insertDep, _deleteFts, _insertFts, _deleteUnit })
        {
            statement.Dispose();
        }

        _actors.Dispose();
    }

    /// <summary>Removes a file that no route names any more, with its units.</summary>
    public static void DeleteFile(SqliteConnection connection, SqliteTransaction transaction, long chainId, long fileId)
    {
        IndexDatabase.Execute(connection, transaction, "DELETE FROM units_fts WHERE rowid IN (SELECT id FROM units WHERE chain_id = $p1 AND file_id = $p0)", fileId, chainId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM deps WHERE unit IN (SELECT id FROM units WHERE chain_id = $p1 AND file_id = $p0)", fileId, chainId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM unit_actors WHERE unit IN (SELECT id FROM units WHERE chain_id = $p1 AND file_id = $p0)", fileId, chainId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM units WHERE chain_id = $p1 AND file_id = $p0", fileId, chainId);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM files WHERE id = $p0", fileId);
    }

    // The searchable text besides the title: description, notes and every comment's text (the fields a person writes).
    private string Body(WorkUnit unit)
    {
        var body = _body.Clear();
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
