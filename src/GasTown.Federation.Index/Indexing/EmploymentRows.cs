using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// A chain's employment claims, each as the exact line of <c>federation/relationships.jsonl</c> it was read from, in file
/// order, keyed by the organisation it names: an organisation listing from the index parses them with Model's own parser
/// and judges them with <see cref="TrustEvaluator"/>, as loading the chains would. (Employment verdicts depend only on
/// employment claims, so the index needs no other kind.)
/// </summary>
internal static class EmploymentRows
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Replaces the chain's rows from the bytes the loader read; returns false (the chain is then not exact, and queries
    /// load it) when the lines found do not give exactly the employment claims the loader found, in its order.
    /// </summary>
    public static bool Write(SqliteConnection connection, SqliteTransaction transaction, long chainId, Chain skeleton, ChainFile? file)
    {
        IndexDatabase.Execute(connection, transaction, "DELETE FROM employments WHERE chain_id = $p0", chainId);
        var expected = skeleton.Relationships.Select(c => c.Relationship).OfType<EmploymentRelationship>().ToList();
        var found = new List<(EmploymentRelationship Employment, byte[] Line)>();
        if (file is not null)
        {
            var content = file.Content.Span;
            if (content.StartsWith(Bom))
            {
                content = content[Bom.Length..];
            }

            // As RelationshipDocument.Parse splits and trims; each line is then read alone by the same parser.
            foreach (var range in content.Split((byte)'\n'))
            {
                var line = content[range].Trim(" \t\r\f\v"u8);
                if (line.IsEmpty || line[0] == (byte)'#')
                {
                    continue;
                }

                var bytes = line.ToArray();
                if (RelationshipDocument.Parse(bytes).Relationships is [EmploymentRelationship employment])
                {
                    found.Add((employment, bytes));
                }
            }
        }

        if (found.Count != expected.Count || found.Where((f, i) => f.Employment.Entity != expected[i].Entity || f.Employment.Organization != expected[i].Organization).Any())
        {
            return false;
        }

        for (var seq = 0; seq < found.Count; seq++)
        {
            IndexDatabase.Execute(connection, transaction, "INSERT INTO employments(chain_id, seq, organization, line) VALUES($p0, $p1, $p2, $p3)",
                chainId, (long)seq, found[seq].Employment.Organization.Value, found[seq].Line);
        }

        return true;
    }
}
