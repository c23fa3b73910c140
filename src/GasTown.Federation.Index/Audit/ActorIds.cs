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
    /// Deletes the names no unit row and no event row uses any more (a remote removed, or its lines changed): the names a
    /// remote once wrote do not stay behind it. Each name costs two index seeks; run once per refresh that changed a chain.
    /// </summary>
    public static void ForgetUnused(SqliteConnection connection) => IndexDatabase.Execute(connection, null, """
        DELETE FROM actors
        WHERE NOT EXISTS (SELECT 1 FROM unit_actors WHERE actor = actors.id) AND NOT EXISTS (SELECT 1 FROM events WHERE actor = actors.id)
        """);

    public void Dispose() => _intern.Dispose();
}
