using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// What a load says of a chain whose only irregularities are lines (<see cref="ChainShape.IrregularLines"/>: dropped, read
/// with a warning, an earlier line of a repeated id, a unit whose id another rig owns, an unresolvable cross-reference),
/// stored when the chain is indexed
/// so that no query has to load it to say the same: its problems
/// and the notices its files carry (<see cref="ChainNotes"/>). The chain is loaded once here, whole, by the loader every
/// query uses, within the index's limits. The notes are stored only when the index's rows are exactly the load's units
/// (the same URIs, each from the same line) and both count the same dropped lines (<c>chains.dropped</c> is the
/// index's count); otherwise nothing is stored and queries load the chain, as they did before: never a guess.
/// </summary>
/// <remarks>
/// A query used to load such a chain, and every chain with it in a federation-wide query, each time it asked: one
/// malformed line in one remote cost every such query the whole federation. Now the chain costs one load each time its
/// bytes change (its notes carry line numbers, which any change may move), paid by whichever refresh indexes it: a
/// <c>gtfed fetch</c> or <c>gtfed index</c>, or the first query after a fetch. The load runs inside the chain's write
/// transaction (readers are not blocked: WAL). An id no <c>gt://</c> URI can name is a dropped line to both (the load
/// keeps the record in its document, but no query can name or see it); an earlier line of an id its file repeats is
/// left out of the load's answers, as the index's row (the last line's) leaves it; so is a unit whose id another rig owns,
/// whose row <see cref="IdsInTwoRigs"/> removed.
/// </remarks>
internal static class LoadedChainNotes
{
    /// <summary>Loads the chain from <paramref name="source"/>; stores what it says and returns true when the index's rows are the load's.</summary>
    public static async ValueTask<bool> TryWriteAsync(SqliteConnection connection, SqliteTransaction transaction, long chainId, long dropped, IChainSource source,
        ChainLoadOptions options, ChainLimits limits, CancellationToken cancellationToken)
    {
        Chain loaded;
        try
        {
            // One pass over every unit, none of them kept after: the documents hold their files' bytes and build each unit
            // for as long as the pass holds it (a 100k-issue chain's re-index: 221 MB peak with every unit kept, 176 MB).
            // Each unit is built again by every pass over the units (the load's checks, then SameUnits): the re-index of a
            // 100k-issue chain with one malformed line took 2.8-2.9 s keeping them and 2.8-3.2 s without, on a noisy machine.
            var passOnce = options.WithIssuesReadOptions(
                new JsonlReadOptions { MaxLineLength = options.IssuesReadOptions?.MaxLineLength ?? limits.MaxLineBytes, KeepBuiltUnits = false });
            loaded = await new ChainLoader(new ParsedBlobCache(), null, limits).LoadAsync(source, passOnce, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The indexer read the same files within the same limits; a load failing now (a local file changing under it)
            // leaves the chain to the queries' own loads, which report it as they find it, until its bytes change.
            return false;
        }

        if (loaded.DroppedLineCount != dropped || !SameUnits(connection, transaction, chainId, loaded))
        {
            return false;
        }

        ChainNotes.Write(connection, transaction, chainId, loaded.Diagnostics, ChainNotices.ForContent(loaded), limits);
        return true;
    }

    // Every unit the load keeps has a row of the same URI and line, and no row is left over.
    private static bool SameUnits(SqliteConnection connection, SqliteTransaction transaction, long chainId, Chain loaded)
    {
        var lineHash = LineHash.For(connection, transaction);
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
                // An earlier line of an id the file repeats: no query reads it (Chain.WorkUnits), and the row holds the last.
                if (rig.Document.IsSuperseded(unit) || loaded.IsOwnedElsewhere(rig, unit))
                {
                    continue;
                }

                // A unit no gt:// URI can name: no query sees it (the load counts its line as dropped, as the index does,
                // and the counts were compared). The two judge such ids by different rules (the load by the reference
                // grammar, the index by GtUri.ForWorkUnit, which also bounds a URI's length), so equal counts do not prove
                // the same lines were dropped; every unit the load can name is matched to its row below, which does.
                if (!loaded.TryCreateWorkUnit(rig, unit, out var named))
                {
                    continue;
                }

                // Every unit the load answers with has its row, from the same line.
                if (!rig.Document.TryGetOriginalLine(unit, out var line) || !rows.Remove(named.Uri.ToString(), out var hash) || hash != lineHash.Of(line.Span))
                {
                    return false;
                }
            }
        }

        return rows.Count == 0;
    }
}
