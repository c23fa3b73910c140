using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// What a load says of a chain whose only irregularities are lines (<see cref="ChainShape.IrregularLines"/>: dropped,
/// or read with a warning), stored when the chain is indexed so no query has to load it to say the same:
/// its problems (warning or worse, in the load's order and words) and the notices it carries by itself (lines dropped,
/// problems omitted); its dropped-line count is the index's own (<c>chains.dropped</c>), checked equal to the load's. The chain is loaded once here, by the loader every query uses, within
/// the same limits; the notes are stored only when the index's units are exactly the load's (the same URIs, each from
/// the same line) and both count the same dropped lines. Otherwise nothing is stored and queries load the chain, as
/// they did before (never a guess).
/// </summary>
/// <remarks>
/// A query used to load such a chain, and every chain with it in a federation-wide query, each time it asked: one
/// malformed line in one remote cost every such query the whole federation. Now the chain costs one load when its
/// bytes change. <c>chain_notes</c> keeps the problems (no kind) and the notices (their <see cref="ChainNoticeKind"/>)
/// in one sequence; the identity notice is not stored (the query says it from the chain's identity, as for any chain).
/// </remarks>
internal static class LoadedChainNotes
{
    /// <summary>Loads the chain from <paramref name="source"/>; stores what it says and returns true when the index's rows are the load's.</summary>
    public static async ValueTask<bool> TryWriteAsync(SqliteConnection connection, SqliteTransaction transaction, long chainId, IChainSource source,
        ChainLoadOptions options, ChainLimits limits, CancellationToken cancellationToken)
    {
        Chain loaded;
        try
        {
            loaded = await new ChainLoader(new ParsedBlobCache(), null, limits).LoadAsync(source, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The indexer read the same files within the same limits; a load failing now (a local file changing under it)
            // leaves the chain to the queries' own loads, which report it as they find it.
            return false;
        }

        if (!SameUnits(connection, transaction, chainId, loaded))
        {
            return false;
        }

        IndexDatabase.Execute(connection, transaction, "DELETE FROM chain_notes WHERE chain_id = $p0", chainId);
        var seq = 0L;
        foreach (var diagnostic in loaded.Diagnostics)
        {
            if (diagnostic.Severity >= ChainDiagnosticSeverity.Warning)
            {
                IndexDatabase.Execute(connection, transaction, "INSERT INTO chain_notes(chain_id, seq, text) VALUES($p0, $p1, $p2)", chainId, seq++, diagnostic.ToString());
            }
        }

        foreach (var notice in ChainNotices.For(loaded))
        {
            if (notice.Kind != ChainNoticeKind.IdentityUnverified)
            {
                IndexDatabase.Execute(connection, transaction, "INSERT INTO chain_notes(chain_id, seq, text, kind) VALUES($p0, $p1, $p2, $p3)",
                    chainId, seq++, notice.Message, notice.Kind.ToString());
            }
        }

        return true;
    }

    // Every unit the load keeps has a row of the same URI and line, and no row is left over; the dropped lines are as many.
    private static bool SameUnits(SqliteConnection connection, SqliteTransaction transaction, long chainId, Chain loaded)
    {
        var dropped = Convert.ToInt64(IndexDatabase.Scalar(connection, transaction, "SELECT coalesce(sum(dropped), 0) FROM files WHERE chain_id = $p0", chainId),
            System.Globalization.CultureInfo.InvariantCulture);
        if (dropped != loaded.DroppedLineCount)
        {
            return false;
        }

        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = IndexDatabase.Command(connection, transaction, "SELECT uri, hash FROM units WHERE chain_id = $p0", chainId))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        foreach (var rig in loaded.Rigs)
        {
            foreach (var unit in rig.Document.WorkUnits)
            {
                // A unit a query of the loaded chain cannot name, or two of one URI (a repeated id the document keeps twice):
                // the rows, one per URI, cannot say the same.
                if (!loaded.TryCreateWorkUnit(rig, unit, out var named) || !rig.Document.TryGetOriginalLine(unit, out var line)
                    || !rows.Remove(named.Uri.ToString(), out var hash) || hash != LineHash.Of(line.Span))
                {
                    return false;
                }
            }
        }

        return rows.Count == 0;
    }
}
