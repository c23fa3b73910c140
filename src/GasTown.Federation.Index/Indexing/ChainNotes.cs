using System.Globalization;
using GasTown.Federation.Model;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// A chain's <c>chain_notes</c>: its problems (diagnostics of warning severity or worse, as <see cref="ChainDiagnostic.ToString"/>
/// says them; no kind) and the notices its files carry (<see cref="ChainNotices"/>' content notices, with their kind), in
/// one sequence, as a load says them; and, for notes a whole load gave (<see cref="LoadedChainNotes"/>), the limits that
/// load read within (<c>chains.notes_limits</c>): a process reading within other limits would be told other words, so
/// its queries load the chain instead.
/// </summary>
internal static class ChainNotes
{
    /// <summary>Replaces the chain's notes; <paramref name="limits"/> is null for notes no issues file contributes to.</summary>
    public static void Write(SqliteConnection connection, SqliteTransaction transaction, long chainId, IEnumerable<ChainDiagnostic> diagnostics,
        IEnumerable<ChainNotice> notices, ChainLimits? limits)
    {
        IndexDatabase.Execute(connection, transaction, "DELETE FROM chain_notes WHERE chain_id = $p0", chainId);
        var seq = 0L;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity >= ChainDiagnosticSeverity.Warning)
            {
                IndexDatabase.Execute(connection, transaction, "INSERT INTO chain_notes(chain_id, seq, text) VALUES($p0, $p1, $p2)", chainId, seq++, diagnostic.ToString());
            }
        }

        foreach (var notice in notices)
        {
            IndexDatabase.Execute(connection, transaction, "INSERT INTO chain_notes(chain_id, seq, text, kind) VALUES($p0, $p1, $p2, $p3)",
                chainId, seq++, notice.Message, notice.Kind.ToString());
        }

        IndexDatabase.Execute(connection, transaction, "UPDATE chains SET notes_limits = $p1 WHERE id = $p0", chainId, limits is null ? null : LimitsOf(limits));
    }

    /// <summary>The limits a load's words depend on: which lines it drops as too long, and how many problems it keeps.</summary>
    public static string LimitsOf(ChainLimits limits)
        => string.Create(CultureInfo.InvariantCulture, $"line {limits.MaxLineBytes} diagnostics {limits.MaxDiagnostics}");

    /// <summary>
    /// Every limit a load's refusal of a snapshot depends on (<c>chains.notes_limits</c> of an unavailable row): a process
    /// reading within other limits might accept the snapshot, or refuse it in other words.
    /// </summary>
    public static string RefusalLimitsOf(ChainLimits limits)
        => string.Join(' ', RefusalLimits(limits).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Name} {l.Value}")));

    /// <summary>
    /// Whether <paramref name="limits"/> allow at least everything <paramref name="refusalLimits"/> (as
    /// <see cref="RefusalLimitsOf"/> wrote them) allowed, and more of something: a snapshot refused within the stored
    /// limits may pass within these. False for text this version did not write.
    /// </summary>
    public static bool IsRoomierThan(ChainLimits limits, string refusalLimits)
    {
        var parts = refusalLimits.Split(' ');
        if (parts.Length % 2 != 0)
        {
            return false;
        }

        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!long.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || !stored.TryAdd(parts[i], value))
            {
                return false;
            }
        }

        // A limit added after the text was written (relationships, rigs, dependencies, issues bytes): refused within its default, which is
        // what every process had then. The first four were always written.
        var mine = RefusalLimits(limits);
        if (stored.Count > mine.Length || mine.Take(4).Any(l => !stored.ContainsKey(l.Name)) || stored.Keys.Any(k => !mine.Any(l => l.Name == k)))
        {
            return false;
        }

        var pairs = mine.Select(l => (Mine: l.Value, Stored: stored.TryGetValue(l.Name, out var s) ? s : l.Default)).ToArray();
        return pairs.All(p => p.Mine >= p.Stored) && pairs.Any(p => p.Mine > p.Stored);
    }

    // Every limit a refusal depends on, in the order written, with its default for text written before it existed.
    private static (string Name, long Value, long Default)[] RefusalLimits(ChainLimits limits) =>
    [
        ("blob", limits.MaxBlobBytes, ChainLimits.DefaultMaxBlobBytes),
        ("line", limits.MaxLineBytes, ChainLimits.DefaultMaxLineBytes),
        ("units", limits.MaxWorkUnits, ChainLimits.DefaultMaxWorkUnits),
        ("diagnostics", limits.MaxDiagnostics, ChainLimits.DefaultMaxDiagnostics),
        ("relationships", limits.MaxRelationships, ChainLimits.DefaultMaxRelationships),
        ("rigs", limits.MaxRigs, ChainLimits.DefaultMaxRigs),
        ("dependencies", limits.MaxDependencies, ChainLimits.DefaultMaxDependencies),
        ("issues", limits.MaxIssuesBytes, ChainLimits.DefaultMaxIssuesBytes),
    ];
}
