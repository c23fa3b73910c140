using GasTown.Federation.Model;
using GasTown.Federation.Query;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Keeps a chain's delegation claims in the index (table <c>delegations</c>) and queues, in the chain's own transaction,
/// the parents whose delegated portions its pass may have changed (table <c>cascade_pending</c>), for
/// <see cref="DelegationCascade"/> to judge once the refresh's chains are written.
/// </summary>
/// <remarks>
/// The claims are Query's: relationships.jsonl's delegations as the loader judged the chain's identity, and the beads forms
/// through <c>BeadsDelegations.Claims</c> over each unit the index marked as delegating (its stored line parsed again), in
/// the order a load collects them. A parent is queued with a cause when a child of it changed in this pass (created,
/// closed, status changed, removed) or when the claims about it changed on a re-index; and without a cause (its state is
/// brought up to date silently) when the chain was indexed for the first time, lost an issues file, or became unavailable.
/// </remarks>
internal static class DelegationClaims
{
    /// <summary>Rewrites the claims of a chain just indexed and queues the parents it touched.</summary>
    /// <param name="connection">The writer.</param>
    /// <param name="transaction">The chain's transaction.</param>
    /// <param name="chainId">The chain's row.</param>
    /// <param name="skeleton">The chain as the loader read its small files (identity, routes, relationships).</param>
    /// <param name="wasIndexed">Whether the chain was indexed and available before this pass (its changes are news).</param>
    /// <param name="changed">The work units this pass recorded a change for.</param>
    /// <param name="lostFiles">Whether an issues file left the chain (its units went without a change recorded).</param>
    /// <param name="cancellationToken">Cancels the pass (a remote's delegating units are as many as its units).</param>
    public static void Write(SqliteConnection connection, SqliteTransaction transaction, long chainId, Chain skeleton, bool wasIndexed, IReadOnlyList<GtUri> changed, bool lostFiles,
        CancellationToken cancellationToken)
    {
        var before = ReadRows(connection, transaction, chainId);
        var after = Collect(connection, transaction, chainId, skeleton, cancellationToken);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM delegations WHERE chain_id = $p0", chainId);
        foreach (var row in after)
        {
            IndexDatabase.Execute(connection, transaction, """
                INSERT INTO delegations(chain_id, ord, parent_key, child_key, child_chain, parent_uri, child_uri, portion, verified)
                VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)
                """, chainId, row.Ord, row.ParentKey, row.ChildKey, row.ChildChain, row.ParentUri, row.ChildUri, row.Portion, row.Verified ? 1L : 0L);
        }

        // Claims about a parent that differ from the last pass: the parent's portions may have gained or lost a child.
        var cause = wasIndexed ? skeleton.Uri.ToString() : null;
        foreach (var parent in ChangedParents(before, after))
        {
            Queue(connection, transaction, parent, null, cause);
        }

        if (!wasIndexed || lostFiles)
        {
            QueueParentsOfChildrenIn(connection, transaction, skeleton.Uri);
        }

        // The delegations indexes, if these are the table's first rows (IndexesOfRows): the lookups below read by child_key.
        IndexSchema.EnsureIndexes(connection, transaction);
        foreach (var uri in changed)
        {
            var childKey = WorkUnitKey.Of(uri);
            IndexDatabase.Execute(connection, transaction, """
                INSERT INTO cascade_pending(parent_key, child_key, cause)
                SELECT DISTINCT parent_key, $p0, $p1 FROM delegations WHERE child_key = $p0
                """, childKey, uri.ToString());
        }
    }

    /// <summary>Forgets the claims of a chain that became unavailable or left the index; its parents and its children's parents are judged again, silently.</summary>
    public static void Forget(SqliteConnection connection, SqliteTransaction transaction, long chainId, string chainUri)
    {
        IndexDatabase.Execute(connection, transaction, "INSERT INTO cascade_pending(parent_key) SELECT DISTINCT parent_key FROM delegations WHERE chain_id = $p0", chainId);
        QueueParentsOfChildrenIn(connection, transaction, GtUri.Parse(chainUri));
        IndexDatabase.Execute(connection, transaction, "DELETE FROM delegations WHERE chain_id = $p0", chainId);
    }

    private static void QueueParentsOfChildrenIn(SqliteConnection connection, SqliteTransaction transaction, GtUri chain)
        => IndexDatabase.Execute(connection, transaction,
            "INSERT INTO cascade_pending(parent_key) SELECT DISTINCT parent_key FROM delegations WHERE child_chain = $p0", chain.ToString());

    private static void Queue(SqliteConnection connection, SqliteTransaction transaction, string parentKey, string? childKey, string? cause)
        => IndexDatabase.Execute(connection, transaction, "INSERT INTO cascade_pending(parent_key, child_key, cause) VALUES($p0, $p1, $p2)", parentKey, childKey, cause);

    // The claims in the order a load collects them: relationships.jsonl first, then each delegating unit's beads claims.
    // Units are taken in row order (a load takes them in file order: the two differ only for one parent delegating the
    // same child twice, in two units, under two different portions).
    private static List<ClaimRow> Collect(SqliteConnection connection, SqliteTransaction transaction, long chainId, Chain skeleton, CancellationToken cancellationToken)
    {
        var claims = new List<RelationshipClaim>(skeleton.Relationships.Where(c => c.Relationship is DelegationRelationship));

        // Bare ids resolve as a load resolves them: the rig that holds the id (here, its row), else its prefix's route.
        // Each delegating unit's line is parsed as its row is read and dropped: only the claims are kept, never every line.
        var context = skeleton.Routes.CreateReferenceContext(skeleton.Uri, null, id => RigOf(connection, transaction, chainId, id));
        using (var command = IndexDatabase.Command(connection, transaction, "SELECT uri, rig, line FROM units WHERE chain_id = $p0 AND delegates <> 0 ORDER BY id", chainId))
        using (var reader = command.ExecuteReader())
        {
            var read = 0;
            while (reader.Read())
            {
                if ((++read & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var document = WorkUnitDocument.Parse(StoredLine.Read(reader, 2));
                if (document.WorkUnits.Count > 0)
                {
                    claims.AddRange(BeadsDelegations.Claims(skeleton.Uri, skeleton.IsIdentityVerified, context,
                        new ChainWorkUnit(GtUri.Parse(reader.GetString(0)), reader.GetString(1), document.WorkUnits[0])));
                }
            }
        }

        var rows = new List<ClaimRow>(claims.Count);
        foreach (var claim in claims)
        {
            var d = (DelegationRelationship)claim.Relationship;
            rows.Add(new ClaimRow(rows.Count, WorkUnitKey.Of(d.Parent), WorkUnitKey.Of(d.Child), d.Child.ChainUri.ToString(), d.Parent.ToString(), d.Child.ToString(),
                d.Terms?.Portion, claim.IsAsserterIdentityVerified));
        }

        return rows;
    }

    // The rig's name, as Chain.TryGetWorkUnit gives it to a load's context (the town level's name included). "+uri": found
    // by the unique key (chain_id, unit_id, …) and its few rows sorted, not by walking the chain's units_chain_uri for the order.
    private static string? RigOf(SqliteConnection connection, SqliteTransaction transaction, long chainId, string id)
        => IndexDatabase.Scalar(connection, transaction, "SELECT rig FROM units WHERE chain_id = $p0 AND unit_id = $p1 ORDER BY +uri LIMIT 1", chainId, id) as string;

    private static List<ClaimRow> ReadRows(SqliteConnection connection, SqliteTransaction transaction, long chainId)
    {
        var rows = new List<ClaimRow>();
        using var command = IndexDatabase.Command(connection, transaction,
            "SELECT ord, parent_key, child_key, child_chain, parent_uri, child_uri, portion, verified FROM delegations WHERE chain_id = $p0 ORDER BY ord", chainId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new ClaimRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(7) != 0));
        }

        return rows;
    }

    // A parent whose claims (with their order among that parent's claims) differ between the two passes.
    private static IEnumerable<string> ChangedParents(List<ClaimRow> before, List<ClaimRow> after)
    {
        static Dictionary<string, List<ClaimRow>> ByParent(List<ClaimRow> rows)
        {
            var map = new Dictionary<string, List<ClaimRow>>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (!map.TryGetValue(row.ParentKey, out var list))
                {
                    map[row.ParentKey] = list = [];
                }

                list.Add(row with { Ord = 0 });
            }

            return map;
        }

        var old = ByParent(before);
        var now = ByParent(after);
        foreach (var key in old.Keys.Union(now.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!old.TryGetValue(key, out var a) || !now.TryGetValue(key, out var b) || !a.SequenceEqual(b))
            {
                yield return key;
            }
        }
    }

    private sealed record ClaimRow(long Ord, string ParentKey, string ChildKey, string ChildChain, string ParentUri, string ChildUri, string? Portion, bool Verified);
}
