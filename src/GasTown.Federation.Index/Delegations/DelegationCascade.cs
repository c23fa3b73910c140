using System.Globalization;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Judges the delegated portions of the parents a refresh queued (<see cref="DelegationClaims"/>), after its chains are
/// written, and records in the change feed each portion that became complete (<see cref="CompletedKind"/>) or stopped
/// being complete (<see cref="ReopenedKind"/>), under the parent's chain.
/// </summary>
/// <remarks>
/// <para>The rules are Query's own: the stored claims about the parent go through <see cref="TrustEvaluator"/> and
/// <c>FollowedDelegation.Select</c> (a delegation counts only when the parent's chain, under a verified identity,
/// asserts it; its first such claim names the portion), and a portion is complete when every child is closed, as
/// <see cref="DelegatedPortion.IsComplete"/> says (a child no available chain holds is not). Only the queued parents are
/// judged: the cost is the claims about them and one row per child, not the federation.</para>
/// <para>Each portion's last completeness is kept in <c>portions</c>, so a transition is recorded once, whatever the
/// number of refreshes or processes. A portion seen for the first time is not news (as a chain's first indexing is not);
/// a transition with no cause in this refresh (a child's chain indexed for the first time, a chain lost) is stored
/// without a change.</para>
/// </remarks>
internal static class DelegationCascade
{
    /// <summary>The kind of change recorded when every child of a portion is closed.</summary>
    public const string CompletedKind = IndexChange.DelegationCompleted;

    /// <summary>The kind of change recorded when a complete portion has a child that is not closed any more.</summary>
    public const string ReopenedKind = IndexChange.DelegationReopened;

    /// <summary>
    /// Judges every queued parent and empties the queue, in one transaction; returns how many parents it judged. Cancelled,
    /// it writes nothing and the queue stays for the next refresh.
    /// </summary>
    public static int Run(SqliteConnection connection, TimeProvider time, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction();
        var queued = new Dictionary<string, Queued>(StringComparer.Ordinal);
        using (var command = IndexDatabase.Command(connection, transaction, "SELECT parent_key, child_key, cause FROM cascade_pending"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var parent = reader.GetString(0);
                if (!queued.TryGetValue(parent, out var entry))
                {
                    queued[parent] = entry = new Queued();
                }

                var cause = reader.IsDBNull(2) ? null : reader.GetString(2);
                if (!reader.IsDBNull(1) && cause is not null)
                {
                    entry.ChangedChildren[reader.GetString(1)] = cause;
                }
                else if (cause is not null)
                {
                    entry.ClaimsChangedBy.Add(cause);
                }
            }
        }

        if (queued.Count == 0)
        {
            transaction.Rollback();
            return 0;
        }

        var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var (parentKey, entry) in queued.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Judge(connection, transaction, parentKey, entry, now);
        }

        IndexDatabase.Execute(connection, transaction, "DELETE FROM cascade_pending");
        transaction.Commit();
        return queued.Count;
    }

    private static void Judge(SqliteConnection connection, SqliteTransaction transaction, string parentKey, Queued entry, string now)
    {
        var portions = Portions(connection, transaction, parentKey);
        var stored = new Dictionary<string, bool>(StringComparer.Ordinal);
        using (var command = IndexDatabase.Command(connection, transaction, "SELECT portion_key, complete FROM portions WHERE parent_key = $p0", parentKey))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1) != 0;
            }
        }

        // Portions no longer delegated (the parent's chain withdrew them, or lost its identity) are forgotten. A set: a
        // remote can give one parent a portion per child, and a search of the list for each stored key was quadratic.
        var live = portions.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in stored.Keys.Where(k => !live.Contains(k)))
        {
            IndexDatabase.Execute(connection, transaction, "DELETE FROM portions WHERE parent_key = $p0 AND portion_key = $p1", parentKey, gone);
        }

        // Every child's status in a few statements (one per chain and batch of ids), not one look-up per child: a parent with
        // 10,000 delegated children is judged again whenever one of them changes.
        var statuses = StatusesOf(connection, transaction, portions.SelectMany(p => p.Children));
        foreach (var portion in portions)
        {
            var children = portion.Children.Select(c => (Child: c, Status: statuses.GetValueOrDefault((c.ChainUri, c.WorkId!)))).ToList();
            var complete = FollowedDelegation.IsPortionComplete(children.Select(c => c.Status is { } status && new WorkStatus(status).IsClosed));
            IndexDatabase.Execute(connection, transaction, """
                INSERT INTO portions(parent_key, portion_key, complete) VALUES($p0, $p1, $p2)
                ON CONFLICT(parent_key, portion_key) DO UPDATE SET complete = excluded.complete
                """, parentKey, portion.Key, complete ? 1L : 0L);
            if (!stored.TryGetValue(portion.Key, out var was) || was == complete)
            {
                continue;
            }

            // What caused it: a child of this portion that changed in this refresh (for a reopening, one now not closed),
            // else a change of the parent chain's claims; with neither, the state is only brought up to date.
            var changed = children
                .Where(c => entry.ChangedChildren.ContainsKey(WorkUnitKey.Of(c.Child)))
                .OrderBy(c => !complete && c.Status is { } status && new WorkStatus(status).IsClosed ? 1 : 0)
                .ThenBy(c => entry.ChangedChildren[WorkUnitKey.Of(c.Child)], StringComparer.Ordinal)
                .Select(c => entry.ChangedChildren[WorkUnitKey.Of(c.Child)])
                .FirstOrDefault();
            var cause = changed ?? ClaimCause(entry, portion.Parent);
            if (cause is null)
            {
                continue;
            }

            var parent = UnitRowOf(connection, transaction, portion.Parent, withLine: true);
            var chainId = IndexDatabase.Scalar(connection, transaction, "SELECT id FROM chains WHERE uri = $p0", portion.Parent.ChainUri.ToString());
            if (chainId is null)
            {
                continue;
            }

            string? title = null;
            if (parent?.Line is { } line && WorkUnitDocument.Parse(line) is { WorkUnits.Count: > 0 } document)
            {
                title = document.WorkUnits[0].Title;
            }

            IndexDatabase.Execute(connection, transaction, """
                INSERT INTO changes(chain_id, uri, kind, title, at, portion, caused_by) VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6)
                """, chainId, parent?.Uri ?? portion.Parent.ToString(), complete ? CompletedKind : ReopenedKind, title, now, portion.Name, cause);
        }
    }

    // The parent's portions by Query's rule over every stored claim about it (from any chain: the evaluator needs them all).
    private static List<Portion> Portions(SqliteConnection connection, SqliteTransaction transaction, string parentKey)
    {
        var claims = new List<RelationshipClaim>();
        using (var command = IndexDatabase.Command(connection, transaction, """
            SELECT c.uri, d.verified, d.parent_uri, d.child_uri, d.portion FROM delegations d JOIN chains c ON c.id = d.chain_id
            WHERE d.parent_key = $p0 AND c.state = 'available' ORDER BY c.uri, d.ord
            """, parentKey))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var terms = reader.IsDBNull(4) ? null : new DelegationTerms(reader.GetString(4));
                var relationship = new DelegationRelationship(GtUri.Parse(reader.GetString(2)), GtUri.Parse(reader.GetString(3)), terms);
                claims.Add(new RelationshipClaim(relationship, GtUri.Parse(reader.GetString(0)), TrustStatus.Unverified) { IsAsserterIdentityVerified = reader.GetInt64(1) != 0 });
            }
        }

        return FollowedDelegation.Select(TrustEvaluator.Evaluate(claims), null)
            .GroupBy(f => f.Relationship.Terms?.Portion)
            .Select(g => new Portion(g.Key, g.First().Relationship.Parent, g.Select(f => f.Relationship.Child).ToList()))
            .ToList();
    }

    // The status of the work unit behind each URI, found as UnitRowOf finds one (by chain and id, in an available chain; of
    // two rows of one id, the first by URI), by chain and id; a child no available chain holds is left out.
    private static Dictionary<(GtUri Chain, string Id), string> StatusesOf(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<GtUri> units)
    {
        const int Batch = 500;
        var statuses = new Dictionary<(GtUri Chain, string Id), string>();
        foreach (var chain in units.GroupBy(u => u.ChainUri))
        {
            if (IndexDatabase.Scalar(connection, transaction, "SELECT id FROM chains WHERE uri = $p0 AND state = 'available'", chain.Key.ToString()) is not long chainId)
            {
                continue;
            }

            foreach (var ids in chain.Select(u => u.WorkId!).Distinct(StringComparer.Ordinal).Chunk(Batch))
            {
                var names = string.Join(", ", Enumerable.Range(1, ids.Length).Select(i => "$p" + i.ToString(CultureInfo.InvariantCulture)));
                // Unordered, the first by URI picked here: ordered by uri, SQLite walks units_chain_uri, the chain's every row.
                var first = new Dictionary<string, (string Uri, string Status)>(StringComparer.Ordinal);
                using (var command = IndexDatabase.Command(connection, transaction, StatusesSql(names), [chainId, .. ids]))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var row = (Uri: reader.GetString(1), Status: reader.GetString(2));
                        if (!first.TryGetValue(reader.GetString(0), out var known) || string.CompareOrdinal(row.Uri, known.Uri) < 0)
                        {
                            first[reader.GetString(0)] = row;
                        }
                    }
                }

                foreach (var (id, row) in first)
                {
                    statuses[(chain.Key, id)] = row.Status;
                }
            }
        }

        return statuses;
    }

    /// <summary>The rows of the ids <paramref name="names"/> (<c>$p1, $p2, …</c>) in the chain <c>$p0</c>, by its unique key.</summary>
    internal static string StatusesSql(string names) => $"SELECT unit_id, uri, status FROM units WHERE chain_id = $p0 AND unit_id IN ({names})";

    /// <summary>The first row by URI of the id <c>$p1</c> in the available chain <c>$p0</c> (its URI), by the unique key.</summary>
    internal static string UnitOfUriSql(bool withLine) => $"""
        SELECT u.uri, u.status{(withLine ? ", u.line" : "")} FROM units u JOIN chains c ON c.id = u.chain_id
        WHERE c.uri = $p0 AND c.state = 'available' AND u.unit_id = $p1 ORDER BY +u.uri LIMIT 1
        """;

    // The work unit behind a URI, found as a load finds a node's unit: by chain and id (the rig is no part of the key), in
    // an available chain. "+uri": found by the unique key (chain_id, unit_id, …) and its few rows sorted; ordered by the
    // index units_chain_uri instead, SQLite walked the chain's units in URI order until the id came, so judging the
    // parents of a chain of 10,000 delegations read 10,000 rows per child.
    private static UnitRowOfUri? UnitRowOf(SqliteConnection connection, SqliteTransaction transaction, GtUri uri, bool withLine)
    {
        using var command = IndexDatabase.Command(connection, transaction, UnitOfUriSql(withLine), uri.ChainUri.ToString(), uri.WorkId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new UnitRowOfUri(reader.GetString(0), reader.GetString(1), withLine ? StoredLine.Read(reader, 2) : null) : null;
    }

    // Claims about one parent may change in several chains in one refresh; only the parent's own chain's claims count, so it
    // is the cause when among them. Otherwise (its chain's claims changed as it was judged again for another reason) the
    // first by URI, so the cause never depends on the order the refresh took the chains in.
    private static string? ClaimCause(Queued entry, GtUri parent)
    {
        var own = parent.ChainUri.ToString();
        return entry.ClaimsChangedBy.Contains(own) ? own : entry.ClaimsChangedBy.Order(StringComparer.Ordinal).FirstOrDefault();
    }

    private sealed class Queued
    {
        public Dictionary<string, string> ChangedChildren { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ClaimsChangedBy { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Portion(string? Name, GtUri Parent, List<GtUri> Children)
    {
        // The stored key: a portion without a name is not the portion named "".
        public string Key => Name is null ? "" : "=" + Name;
    }

    private sealed record UnitRowOfUri(string Uri, string Status, byte[]? Line);
}
