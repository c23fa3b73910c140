using System.Globalization;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// What a query needs to answer from the index exactly as loading the chain would: the chain's routes (to resolve the
/// short forms written in it), its skeleton's problems (warning or worse; <see cref="LoadedChainNotes"/> replaces them
/// with a whole load's when the issues files add some), whether it holds delegations, and how far its rows describe it
/// (<see cref="ChainShape"/>).
/// </summary>
internal static class ChainFacts
{
    /// <summary>The chain's units read with a warning, counted through <c>units_warned</c> (SchemaTests checks the plan).</summary>
    internal const string WarnedUnitsSql = "SELECT count(*) FROM units WHERE chain_id = $p0 AND warn <> 0";

    /// <summary>The chain's edges written as cross-references, with their rigs, found through <c>deps_cross</c>.</summary>
    internal const string CrossReferenceEdgesSql = $"""
        SELECT u.rig, d.depends_on FROM deps d JOIN units u ON u.id = d.unit
        WHERE d.chain_id = $p0 AND {IndexSchema.CrossReferenceEdge}
        """;

    /// <summary>
    /// Writes the facts of a chain whose files were just indexed (<paramref name="dropped"/>: the lines its issues files
    /// dropped); returns how far its rows describe it.
    /// </summary>
    public static ChainShape Write(SqliteConnection connection, SqliteTransaction transaction, long chainId, Chain skeleton, long dropped)
    {
        ChainNotes.Write(connection, transaction, chainId, skeleton.Diagnostics, [], null);
        IndexDatabase.Execute(connection, transaction, "UPDATE chains SET routes = $p1 WHERE id = $p0", chainId, skeleton.Routes.ToUtf8Bytes());
        // Lines a load drops or reads with a warning, or problems past the kept number: a load says what they are, and the
        // index's rows hold the units it keeps.
        // An id repeated in a file is one of these: a load reads its last line, as the index's row for it holds (each line
        // upserts the row), and warns of the earlier ones. So is an id in two rigs: a load answers with its owner rig's
        // unit, the only row left (IdsInTwoRigs), and warns of the others.
        var irregularLines = skeleton.OmittedDiagnosticCount + skeleton.DroppedLineCount + dropped
            + Count(connection, transaction, WarnedUnitsSql, chainId)
            + Count(connection, transaction, "SELECT coalesce(sum(warned) + sum(dups) + sum(left_out), 0) FROM files WHERE chain_id = $p0", chainId);

        // Delegations, in any of their three forms, are judged only by the loaded claims of every chain. A unit with a
        // delegated-from edge is marked as delegating (UnitWriter), so the units count covers the edges too.
        var delegates = Count(connection, transaction, "SELECT count(*) FROM relationships WHERE chain_id = $p0 AND type = 'DelegationRelationship'", chainId)
            + Count(connection, transaction, "SELECT count(*) FROM units WHERE chain_id = $p0 AND delegates <> 0", chainId);
        IndexDatabase.Execute(connection, transaction, "UPDATE chains SET delegates = $p1 WHERE id = $p0", chainId, delegates > 0 ? 1L : 0L);

        // A cross-reference no route resolves is kept as written by both (the load reports it, and no claim derives from
        // it): a line the load warns of, whose words are stored with the chain.
        return irregularLines > 0 || !CrossReferencesResolve(connection, transaction, chainId, skeleton) ? ChainShape.IrregularLines : ChainShape.Exact;
    }

    // As Model's DependencyCrossReferences reads them: each in the context of the rig it is written in, routed by prefix only.
    private static bool CrossReferencesResolve(SqliteConnection connection, SqliteTransaction transaction, long chainId, Chain skeleton)
    {
        var contexts = new Dictionary<string, WorkReferenceContext>(StringComparer.Ordinal);
        using var command = IndexDatabase.Command(connection, transaction, CrossReferenceEdgesSql, chainId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var rigName = reader.GetString(0);
            var text = reader.GetString(1);
            if (!DependencyCrossReferences.IsCrossReference(text))
            {
                continue;
            }

            if (!contexts.TryGetValue(rigName, out var context))
            {
                var townLevel = !skeleton.TryGetRig(rigName, out var rig) || rig.IsTownLevel;
                context = skeleton.Routes.CreateReferenceContext(skeleton.Uri, townLevel ? null : rigName);
                contexts[rigName] = context;
            }

            if (!WorkReference.TryParse(text, out var reference) || !reference.TryResolve(context, out _, out _))
            {
                return false;
            }
        }

        return true;
    }

    private static long Count(SqliteConnection connection, SqliteTransaction transaction, string sql, long chainId)
        => Convert.ToInt64(IndexDatabase.Scalar(connection, transaction, sql, chainId) ?? 0L, CultureInfo.InvariantCulture);
}
