using System.Text;

namespace GasTown.Federation.Identity;

/// <summary>
/// The owner-signed statements of a chain's <c>federation/grants.jsonl</c> that verify with the owner's keys; lines
/// that are malformed or not signed by the owner are skipped and counted (<see cref="SkippedCount"/>).
/// </summary>
public sealed class AgentGrants
{
    /// <summary>The largest grants file read (1 MiB); a larger one is read up to this size.</summary>
    public const int MaxBytes = 1024 * 1024;

    private AgentGrants(IReadOnlyList<AgentKeyStatement> statements, int skipped)
    {
        Statements = statements;
        SkippedCount = skipped;
    }

    /// <summary>The statements signed by the owner, in file order.</summary>
    public IReadOnlyList<AgentKeyStatement> Statements { get; }

    /// <summary>Lines skipped: malformed, or not signed by one of the owner's keys.</summary>
    public int SkippedCount { get; }

    /// <summary>No statements.</summary>
    public static AgentGrants Empty { get; } = new([], 0);

    /// <summary>Reads the statements of <paramref name="utf8Jsonl"/> that <paramref name="ownerKeys"/> signed.</summary>
    /// <param name="utf8Jsonl">The file's bytes.</param>
    /// <param name="ownerKeys">The owner's trusted keys.</param>
    /// <returns>The verified statements.</returns>
    public static AgentGrants Read(ReadOnlySpan<byte> utf8Jsonl, IReadOnlyCollection<SshPublicKey> ownerKeys)
    {
        ArgumentNullException.ThrowIfNull(ownerKeys);
        var text = Encoding.UTF8.GetString(utf8Jsonl.Length > MaxBytes ? utf8Jsonl[..MaxBytes] : utf8Jsonl);
        var statements = new List<AgentKeyStatement>();
        var skipped = 0;
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (AgentKeyStatement.TryParse(line, out var statement, out _) && statement.IsSignedBy(ownerKeys))
            {
                statements.Add(statement);
            }
            else
            {
                skipped++;
            }
        }

        return new AgentGrants(statements, skipped);
    }

    /// <summary>These statements and <paramref name="other"/>'s revocations: revocations seen once stay, even if a later file drops them.</summary>
    /// <param name="other">Statements read elsewhere (an earlier verified snapshot).</param>
    /// <returns>The union.</returns>
    public AgentGrants WithRevocationsOf(AgentGrants other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new AgentGrants([.. Statements, .. other.Statements.Where(s => s.Kind == AgentKeyStatementKind.Revoke)], SkippedCount);
    }

    /// <summary>Whether <paramref name="key"/> may sign at <paramref name="at"/>, and the grant that allows it.</summary>
    /// <param name="key">The key that signed.</param>
    /// <param name="at">The time that counts (the later of the signing time and now, for a fetched snapshot).</param>
    /// <returns>The status and the grant found (the latest for the key), if any.</returns>
    public (AgentGrantStatus Status, AgentKeyStatement? Grant) Evaluate(SshPublicKey key, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(key);
        var grants = Statements.Where(s => s.Kind == AgentKeyStatementKind.Grant && s.Key.Equals(key)).ToList();
        var latest = grants.OrderByDescending(g => g.Expires).FirstOrDefault();
        if (Statements.Any(s => s.Kind == AgentKeyStatementKind.Revoke && s.Key.Equals(key)))
        {
            return (AgentGrantStatus.Revoked, latest);
        }

        if (latest is null)
        {
            return (AgentGrantStatus.NotGranted, null);
        }

        return latest.Expires > at ? (AgentGrantStatus.Valid, latest) : (AgentGrantStatus.Expired, latest);
    }
}
