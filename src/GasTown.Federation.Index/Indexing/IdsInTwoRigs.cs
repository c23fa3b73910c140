using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// An id in two rigs of a chain names one work unit, its owner's (Model's <c>Chain.IdOwner</c>: the rig the id's prefix
/// routes to when that rig holds it, else the first rig in the chain's order that does); a load leaves the other rigs'
/// units out of every answer and warns of each. Once a pass has written every file's rows, this removes the other rigs'
/// rows of such ids, so the chain's rows are the units a load answers with, one per id, and the chain is one with
/// irregular lines (<see cref="ChainFacts"/>): answered from the index with the load's words, never loaded per query.
/// The indexer's rows are those of units a URI can name, so the owner among them is the load's owner (which skips a
/// rig whose unit no URI can name).
/// </summary>
/// <remarks>
/// A file keeps how many of its rows were left out (<c>files.left_out</c>): such a file is read again by the next pass
/// even when its bytes did not change (its left-out lines are parsed again, the rest skipped by their hashes), since
/// the owner's file may have dropped the id since.
/// </remarks>
internal static class IdsInTwoRigs
{
    /// <summary>
    /// Removes the rows of ids another rig owns. In a file whose changes the pass records (<paramref name="recordsChanges"/>),
    /// the change the pass recorded for a removed row (<paramref name="recorded"/>, by file and id) is taken back, and a
    /// row that was there before the pass is recorded as removed (its id now names another rig's unit), unless the
    /// owner's URI is the same (two rigs whose units' URIs name no rig).
    /// </summary>
    public static void LeaveOut(
        SqliteConnection connection,
        SqliteTransaction transaction,
        Chain skeleton,
        long chainId,
        Func<long, bool> recordsChanges,
        Dictionary<(long FileId, string UnitId), long> recorded,
        List<GtUri> changed,
        string now)
    {
        IndexDatabase.Execute(connection, transaction, "UPDATE files SET left_out = 0 WHERE chain_id = $p0 AND left_out <> 0", chainId);
        if (skeleton.Rigs.Count < 2)
        {
            return;
        }

        var rows = new List<Row>();
        using (var command = IndexDatabase.Command(connection, transaction, """
            SELECT id, file_id, rig, unit_id, uri, status FROM units
            WHERE chain_id = $p0 AND unit_id IN (SELECT unit_id FROM units WHERE chain_id = $p0 GROUP BY unit_id HAVING count(*) > 1)
            """, chainId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < skeleton.Rigs.Count; i++)
        {
            order.TryAdd(skeleton.Rigs[i].Name, i);
        }

        var leftOut = new Dictionary<long, long>();
        var takenBack = new Dictionary<string, int>(StringComparer.Ordinal);
        // Only its Delete is used: the statements that remove a row with its edges, text and actors.
        using var writer = new UnitWriter(connection, chainId, fileId: 0, rig: "");
        foreach (var ofId in rows.GroupBy(r => r.UnitId, StringComparer.Ordinal))
        {
            var routed = skeleton.Routes.TryRoute(ofId.Key, out var route) ? route.RigName : null;
            var owner = ofId.FirstOrDefault(r => r.Rig == routed) ?? ofId.MinBy(r => order.GetValueOrDefault(r.Rig, int.MaxValue))!;
            foreach (var row in ofId.Where(r => !ReferenceEquals(r, owner)))
            {
                writer.Delete(row.Id);
                leftOut[row.FileId] = leftOut.GetValueOrDefault(row.FileId) + 1;
                if (recordsChanges(row.FileId))
                {
                    TakeBack(connection, transaction, chainId, row, owner, recorded, takenBack, changed, now);
                }
            }
        }

        foreach (var (fileId, count) in leftOut)
        {
            IndexDatabase.Execute(connection, transaction, "UPDATE files SET left_out = $p1 WHERE id = $p0", fileId, count);
        }

        // Each change taken back takes one mention of its unit out of the pass's changed set (another row of the same URI
        // may have one of its own).
        if (takenBack.Count > 0)
        {
            changed.RemoveAll(uri =>
            {
                var key = uri.ToString();
                if (!takenBack.TryGetValue(key, out var left) || left == 0)
                {
                    return false;
                }

                takenBack[key] = left - 1;
                return true;
            });
        }
    }

    // The change the pass recorded for a left-out row goes; a row that was there before the pass (its change, if any, not
    // "created") is recorded as removed, with its status before the pass.
    private static void TakeBack(
        SqliteConnection connection,
        SqliteTransaction transaction,
        long chainId,
        Row row,
        Row owner,
        Dictionary<(long FileId, string UnitId), long> recorded,
        Dictionary<string, int> takenBack,
        List<GtUri> changed,
        string now)
    {
        string? kind = null;
        string? oldStatus = null;
        if (recorded.Remove((row.FileId, row.UnitId), out var seq))
        {
            using (var command = IndexDatabase.Command(connection, transaction, "SELECT kind, old_status FROM changes WHERE seq = $p0", seq))
            using (var reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    (kind, oldStatus) = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
                }
            }

            IndexDatabase.Execute(connection, transaction, "DELETE FROM changes WHERE seq = $p0", seq);
            takenBack[row.Uri] = takenBack.GetValueOrDefault(row.Uri) + 1;
        }

        if (kind == "created" || string.Equals(row.Uri, owner.Uri, StringComparison.Ordinal))
        {
            return;
        }

        IndexDatabase.Execute(connection, transaction, "INSERT INTO changes(chain_id, uri, kind, old_status, at) VALUES($p0, $p1, 'removed', $p2, $p3)",
            chainId, row.Uri, oldStatus ?? row.Status, now);
        changed.Add(GtUri.Parse(row.Uri));
    }

    private sealed record Row(long Id, long FileId, string Rig, string UnitId, string Uri, string Status);
}
