using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>One indexed work unit as a query reads it: its URI and rig, and its exact upstream line with the hash stored beside it.</summary>
internal sealed record UnitRow(string Uri, string Rig, byte[] Line, long Hash)
{
    /// <summary>The unit's row in the index (the full-text index's row too): where a search page continues from.</summary>
    public long RowId { get; init; }

    /// <summary>
    /// Whether <see cref="Line"/> was checked as it was read back: its zstd frame carries a checksum of the line, which
    /// the decoder verified (<see cref="StoredLine.Decode(byte[], out bool)"/>). Only an unchecked line is hashed again
    /// against <see cref="Hash"/> before it is answered.
    /// </summary>
    public bool LineChecked { get; init; }

    /// <summary>Reads a row whose first four columns are <c>uri, rig, line, hash</c>.</summary>
    public static UnitRow Read(SqliteDataReader reader)
    {
        var line = StoredLine.Read(reader, 2, out var lineChecked);
        return new UnitRow(reader.GetString(0), reader.GetString(1), line, reader.GetInt64(3)) { LineChecked = lineChecked };
    }
}
