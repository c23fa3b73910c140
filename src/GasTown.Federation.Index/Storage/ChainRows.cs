using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Everything the index holds of one chain's content (units and their text, edges and actors, event lines, files,
/// relationships, employments, notes), in one list, so that a chain marked unavailable and a chain removed forget the
/// same rows; a table added to the schema is added here once.
/// </summary>
internal static class ChainRows
{
    private static readonly string[] Deletes =
    [
        "DELETE FROM units_fts WHERE rowid IN (SELECT id FROM units WHERE chain_id = $p0)",
        "DELETE FROM deps WHERE unit IN (SELECT id FROM units WHERE chain_id = $p0)",
        "DELETE FROM unit_actors WHERE unit IN (SELECT id FROM units WHERE chain_id = $p0)",
        "DELETE FROM units WHERE chain_id = $p0",
        "DELETE FROM events WHERE chain_id = $p0",
        "DELETE FROM event_logs WHERE chain_id = $p0",
        "DELETE FROM files WHERE chain_id = $p0",
        "DELETE FROM relationships WHERE chain_id = $p0",
        "DELETE FROM employments WHERE chain_id = $p0",
        "DELETE FROM chain_notes WHERE chain_id = $p0",
    ];

    /// <summary>Deletes the chain's content rows (not its <c>chains</c> row, nor its changes) in the caller's transaction.</summary>
    public static void Forget(SqliteConnection connection, SqliteTransaction transaction, object? chainId)
    {
        foreach (var sql in Deletes)
        {
            IndexDatabase.Execute(connection, transaction, sql, chainId);
        }
    }
}
