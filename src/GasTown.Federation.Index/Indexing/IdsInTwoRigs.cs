using System.Globalization;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// An id in two rigs of a chain names one work unit, its owner's (Model's <c>Chain.IdOwner</c>: the rig the id's prefix
/// routes to when that rig holds it, else the first rig in the chain's order that does); a load leaves the other rigs'
/// units out of every answer and warns of each. Once a pass has written every file's rows, this removes the other rigs'
/// rows of such ids, so the chain's rows are the units a load answers with, one per id, and the chain is one with
/// irregular lines (<see cref="ChainFacts"/>): answered from the index with the load's words, never loaded per query.
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
    /// a removed row's changes recorded by this pass (after <paramref name="passStartSeq"/>) are taken back, and a row that
    /// was there before the pass is recorded as removed (its id now names another rig's unit).
    /// </summary>
    public static void LeaveOut(SqliteConnection connection, SqliteTransaction transaction, Chain skeleton, long chainId, long passStartSeq, Func<long, bool> recordsChanges, List<GtUri> changed, string now)
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
                    TakeBack(connection, transaction, chainId, passStartSeq, row, changed, now);
                }
            }
        }

        foreach (var (fileId, count) in leftOut)
        {
            IndexDatabase.Execute(connection, transaction, "UPDATE files SET left_out = $p1 WHERE id = $p0", fileId, count);
        }
    }

    // The pass's changes of a left-out row go; a row that was there before the pass (no "created" among them) is removed.
    private static void TakeBack(SqliteConnection connection, SqliteTransaction transaction, long chainId, long passStartSeq, Row row, List<GtUri> changed, string now)
    {
        var taken = new List<(long Seq, string Kind, string? OldStatus)>();
        using (var command = IndexDatabase.Command(connection, transaction,
            "SELECT seq, kind, old_status FROM changes WHERE seq > $p0 AND chain_id = $p1 AND uri = $p2 ORDER BY seq", passStartSeq, chainId, row.Uri))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                taken.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        var uri = GtUri.Parse(row.Uri);
        foreach (var (seq, _, _) in taken)
        {
            IndexDatabase.Execute(connection, transaction, "DELETE FROM changes WHERE seq = $p0", seq);
            changed.Remove(uri);
        }

        if (taken.Any(t => t.Kind == "created"))
        {
            return;
        }

        IndexDatabase.Execute(connection, transaction, "INSERT INTO changes(chain_id, uri, kind, old_status, at) VALUES($p0, $p1, 'removed', $p2, $p3)",
            chainId, row.Uri, taken.Count > 0 ? taken[0].OldStatus : row.Status, now);
        changed.Add(uri);
    }

    /// <summary>The current seq of the change feed: a pass's changes come after it.</summary>
    public static long LastChange(SqliteConnection connection, SqliteTransaction transaction)
        => Convert.ToInt64(IndexDatabase.Scalar(connection, transaction, "SELECT coalesce(max(seq), 0) FROM changes") ?? 0L, CultureInfo.InvariantCulture);

    private sealed record Row(long Id, long FileId, string Rig, string UnitId, string Uri, string Status);
}
