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
        => string.Create(CultureInfo.InvariantCulture,
            $"blob {limits.MaxBlobBytes} line {limits.MaxLineBytes} units {limits.MaxWorkUnits} diagnostics {limits.MaxDiagnostics} relationships {limits.MaxRelationships} rigs {limits.MaxRigs}");

    /// <summary>
    /// Whether <paramref name="limits"/> allow at least everything <paramref name="refusalLimits"/> (as
    /// <see cref="RefusalLimitsOf"/> wrote them) allowed, and more of something: a snapshot refused within the stored
    /// limits may pass within these. False for text this version did not write.
    /// </summary>
    public static bool IsRoomierThan(ChainLimits limits, string refusalLimits)
    {
        // Written before the relationships limit (8 parts) or the rigs limit (10): refused within the default, which is
        // what every process had.
        var parts = refusalLimits.Split(' ');
        if (parts.Length is not (8 or 10 or 12) || parts[0] != "blob" || parts[2] != "line" || parts[4] != "units" || parts[6] != "diagnostics"
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var blob)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            || !long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var units)
            || !long.TryParse(parts[7], NumberStyles.None, CultureInfo.InvariantCulture, out var diagnostics))
        {
            return false;
        }

        var relationships = (long)ChainLimits.DefaultMaxRelationships;
        if (parts.Length >= 10 && (parts[8] != "relationships" || !long.TryParse(parts[9], NumberStyles.None, CultureInfo.InvariantCulture, out relationships)))
        {
            return false;
        }

        var rigs = (long)ChainLimits.DefaultMaxRigs;
        if (parts.Length == 12 && (parts[10] != "rigs" || !long.TryParse(parts[11], NumberStyles.None, CultureInfo.InvariantCulture, out rigs)))
        {
            return false;
        }

        long[] mine = [limits.MaxBlobBytes, limits.MaxLineBytes, limits.MaxWorkUnits, limits.MaxDiagnostics, limits.MaxRelationships, limits.MaxRigs];
        long[] stored = [blob, line, units, diagnostics, relationships, rigs];
        return mine.Zip(stored).All(p => p.First >= p.Second) && mine.Zip(stored).Any(p => p.First > p.Second);
    }
}
