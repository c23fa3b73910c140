using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// The integer id of an actor name in <c>actors</c> (schema 10), created on first use: the audit rows carry the id, not
/// the name, so a name written on every line of a chain is stored once. Ids met recently are remembered, within a bound
/// (a hostile file may name a new actor on every line; the cache then starts over instead of growing with the file).
/// </summary>
internal sealed class ActorIds : IDisposable
{
    private const int MaxRemembered = 4096;

    private readonly RawStatement _intern;
    private readonly Dictionary<string, long> _known = new(StringComparer.Ordinal);

    public ActorIds(SqliteConnection connection)
    {
        // DO UPDATE (not DO NOTHING) so that RETURNING gives the id of a name already there too.
        _intern = new RawStatement(connection, "INSERT INTO actors(name, folded) VALUES(?1, ?2) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id");
    }

    /// <summary>The id of <paramref name="name"/> (exact, case kept: the entry reports the name as written).</summary>
    public long Of(string name)
    {
        if (_known.TryGetValue(name, out var id))
        {
            return id;
        }

        id = _intern.Bind(1, name).Bind(2, ActorFolding.Fold(name)).RunScalar();
        if (_known.Count >= MaxRemembered)
        {
            _known.Clear();
        }

        _known[name] = id;
        return id;
    }

    /// <summary>
    /// Makes <paramref name="connection"/> note the actor of every <c>unit_actors</c> or <c>events</c> row it deletes (temp
    /// triggers into a temp table, so the notes roll back with the rows): <see cref="ForgetUnused"/> then judges those
    /// names only. Call once per writer connection.
    /// </summary>
    public static void NoteDeletedActors(SqliteConnection connection) => IndexDatabase.Execute(connection, null, """
        CREATE TEMP TABLE IF NOT EXISTS deleted_actors(actor INTEGER PRIMARY KEY);
        CREATE TEMP TRIGGER IF NOT EXISTS unit_actors_deleted AFTER DELETE ON main.unit_actors
            BEGIN INSERT OR IGNORE INTO deleted_actors(actor) VALUES(old.actor); END;
        CREATE TEMP TRIGGER IF NOT EXISTS events_deleted AFTER DELETE ON main.events
            BEGIN INSERT OR IGNORE INTO deleted_actors(actor) VALUES(old.actor); END;
        """);

    /// <summary>
    /// Deletes the names whose rows this connection deleted (<see cref="NoteDeletedActors"/>) and that no unit row and no
    /// event row uses any more: the names a remote once wrote do not stay behind it. Costs two index seeks per name whose
    /// rows went, not per name in the index (a remote naming a million actors costs nothing while they stay).
    /// </summary>
    public static void ForgetUnused(SqliteConnection connection) => IndexDatabase.Execute(connection, null, """
        DELETE FROM actors
        WHERE id IN (SELECT actor FROM deleted_actors)
          AND NOT EXISTS (SELECT 1 FROM unit_actors WHERE actor = actors.id) AND NOT EXISTS (SELECT 1 FROM events WHERE actor = actors.id);
        DELETE FROM deleted_actors;
        """);

    public void Dispose() => _intern.Dispose();
}
