using System.Text.Unicode;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Indexes a chain's event log (<c>.events.jsonl</c>, read from the same source as its issues files) for audits: one
/// <c>events</c> row per line that holds an event, with its actor id, its instant (<see cref="AuditSeconds"/>) and the
/// line itself (<see cref="StoredLine"/>), so an audit parses and judges the matching lines only. An unchanged log (same
/// blob id, or same local stamp) is not read again. The log is streamed line by line within the index's limits
/// (<see cref="ChainLimits.MaxBlobBytes"/>, <see cref="ChainLimits.MaxLineBytes"/>). A log the index cannot describe
/// exactly as an audit of the loaded chain reads it (over a limit, invalid UTF-8, a byte order mark past its start, which
/// the two ways an audit reads a log treat differently) keeps no rows and is marked inexact: an audit then loads the chains.
/// </summary>
internal static class EventRows
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Brings the chain's event rows up to date with the log <paramref name="find"/> finds.</summary>
    public static void Write(
        SqliteConnection connection, SqliteTransaction transaction, long chainId, Func<string, IssuesFile?> find, Func<IssuesFile, Stream> open, ChainLimits limits, CancellationToken cancellationToken)
    {
        var file = find(EventLogPaths.EventsFileName);
        string? storedContent = null;
        string? storedStamp = null;
        var known = false;
        using (var command = IndexDatabase.Command(connection, transaction, "SELECT content_id, stamp FROM event_logs WHERE chain_id = $p0", chainId))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                known = true;
                storedContent = reader.IsDBNull(0) ? null : reader.GetString(0);
                storedStamp = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        var unchanged = known && (file is null
            ? storedContent is null && storedStamp is null
            : file.BlobId is not null ? string.Equals(storedContent, file.BlobId, StringComparison.Ordinal) : string.Equals(storedStamp, file.Stamp, StringComparison.Ordinal));
        if (unchanged)
        {
            return;
        }

        IndexDatabase.Execute(connection, transaction, "DELETE FROM events WHERE chain_id = $p0", chainId);
        var (signed, exact) = file is null ? (false, true) : Read(connection, chainId, file, open, limits, cancellationToken);
        if (!exact)
        {
            IndexDatabase.Execute(connection, transaction, "DELETE FROM events WHERE chain_id = $p0", chainId);
        }

        IndexDatabase.Execute(connection, transaction, "INSERT OR REPLACE INTO event_logs(chain_id, content_id, stamp, signed, exact) VALUES($p0, $p1, $p2, $p3, $p4)",
            chainId, file?.BlobId, file?.Stamp, signed ? 1L : 0L, exact ? 1L : 0L);
    }

    private static (bool Signed, bool Exact) Read(SqliteConnection connection, long chainId, IssuesFile file, Func<IssuesFile, Stream> open, ChainLimits limits, CancellationToken cancellationToken)
    {
        if (file.Size > limits.MaxBlobBytes)
        {
            return (false, false);
        }

        using var stream = open(file);
        var scanner = new LineScanner(stream, limits.MaxLineBytes);
        using var actors = new ActorIds(connection);
        using var insert = new RawStatement(connection, "INSERT INTO events(chain_id, actor, at, line) VALUES(?1, ?2, ?3, ?4)");
        insert.Bind(1, chainId);
        var scratch = new byte[4096];
        var signed = false;
        var first = true;
        while (scanner.TryNext(out var line, cancellationToken))
        {
            var content = line.Content.Span;

            // The scanner drops a byte order mark at the start; a signed log read line by line would pass it to the verifier.
            if (line.TooLong || !Utf8.IsValid(content) || (first && line.Offset != 0) || (!first && content.StartsWith(Bom)))
            {
                return (signed, false);
            }

            first = false;
            signed |= content.IndexOf("\"gt_sig\""u8) >= 0;
            foreach (var e in EventLogReader.Read(line.Content).Events)
            {
                insert.Bind(2, actors.Of(e.Actor)).Bind(3, AuditSeconds.Of(e.Timestamp)).BindBlob(4, StoredLine.Encode(content, ref scratch)).Run();
            }
        }

        return (signed, true);
    }
}
