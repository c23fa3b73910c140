using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Unicode;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// Indexes a chain's event log (<c>.events.jsonl</c>, read from the same source as its issues files) for audits: one
/// <c>events</c> row per line that holds an event, with its actor id, its instant (<see cref="AuditSeconds"/>) and the
/// line itself (<see cref="StoredLine"/>), so an audit parses and judges the matching lines only. A complete line that is
/// no event keeps no row; the log's row counts such lines and keeps the first one's diagnostic (<c>dropped</c>,
/// <c>dropped_first</c>), which the audit says as a load of the log would. An unchanged log (same blob id, or same local
/// stamp) is not read again; a local log whose bytes up to where the last read ended (a complete line) still hash as they
/// did was appended to, and only its new lines are parsed (the old bytes are hashed, not parsed: an edit anywhere in them,
/// or a rewrite to the same size, reads the log again; the lines read so far, <c>lines</c>, number the new ones). The log
/// is streamed line by line within the index's limits (<see cref="ChainLimits.MaxBlobBytes"/>,
/// <see cref="ChainLimits.MaxLineBytes"/>). A log the index cannot describe exactly as an audit of the loaded chain reads
/// it (over a limit, invalid UTF-8, a byte order mark, which the two ways an audit reads a log treat differently; a log
/// the tree links elsewhere; a local log the file system will not give) keeps no rows and is marked inexact: an audit
/// then reads that log whole from the chain's indexed snapshot, as a load reads it, and says why when it cannot either.
/// </summary>
internal static class EventRows
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Brings the chain's event rows up to date with the log <paramref name="find"/> finds.</summary>
    public static void Write(
        SqliteConnection connection, SqliteTransaction transaction, long chainId, Func<string, IssuesFile?> find, Func<IssuesFile, Stream> open, ChainLimits limits, CancellationToken cancellationToken)
    {
        IssuesFile? file;
        try
        {
            file = find(EventLogPaths.EventsFileName);
        }
        catch (ChainPathException)
        {
            // A log the tree links elsewhere (a symbolic link, a submodule) is never followed, and breaks only itself: no
            // rows, not exact, so an audit reads it as a load does and says why (the chain's units still answer).
            KeepNoRows(connection, transaction, chainId);
            return;
        }

        Stored? stored = null;
        using (var command = IndexDatabase.Command(connection, transaction, "SELECT content_id, stamp, signed, exact, size, tail, lines, dropped, dropped_first FROM event_logs WHERE chain_id = $p0", chainId))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                stored = new Stored(
                    reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetInt64(2) != 0, reader.GetInt64(3) != 0, reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetString(8));
            }
        }

        // No log, and none before: unchanged, unless the row was stored inexact (a link where the log was) and so must be
        // written again as an exact empty log.
        var unchanged = stored is not null && (file is null
            ? stored is { ContentId: null, Stamp: null, Exact: true }
            : file.BlobId is not null ? string.Equals(stored.ContentId, file.BlobId, StringComparison.Ordinal) : string.Equals(stored.Stamp, file.Stamp, StringComparison.Ordinal));
        if (unchanged)
        {
            return;
        }

        var result = Result.Empty;
        if (file is not null)
        {
            try
            {
                // The lines read so far number the new ones (a row of schema 25 or before has no count: read again whole).
                var appended = file.BlobId is null && stored is { Exact: true, Size: > 0, Tail: { } tail, Lines: not null } && file.Size >= stored.Size && file.Size <= limits.MaxBlobBytes
                    && HashOf(open(file), stored.Size) == tail;
                if (!appended)
                {
                    IndexDatabase.Execute(connection, transaction, "DELETE FROM events WHERE chain_id = $p0", chainId);
                }

                result = Read(connection, chainId, file, open, limits, appended ? stored! : null, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The local town's log could not be read (no permission, not a regular file, gone since it was found): it
                // breaks only itself, as a linked log does. Its stamp is kept: read again once it changes, not by every query.
                KeepNoRows(connection, transaction, chainId, file);
                return;
            }

            if (!result.Exact)
            {
                IndexDatabase.Execute(connection, transaction, "DELETE FROM events WHERE chain_id = $p0", chainId);
            }
        }
        else
        {
            IndexDatabase.Execute(connection, transaction, "DELETE FROM events WHERE chain_id = $p0", chainId);
        }

        IndexDatabase.Execute(
            connection, transaction,
            "INSERT OR REPLACE INTO event_logs(chain_id, content_id, stamp, signed, exact, size, tail, lines, dropped, dropped_first) VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)",
            chainId, file?.BlobId, file?.Stamp, result.Signed ? 1L : 0L, result.Exact ? 1L : 0L, result.Size, result.Tail, result.Lines, (long)result.Dropped, result.FirstDropped);
    }

    // No rows for the chain's log, marked inexact: an audit reads the log as a load does, and says what is wrong with it.
    // With the log's blob id or stamp when it was found (it is not tried again until it changes).
    private static void KeepNoRows(SqliteConnection connection, SqliteTransaction transaction, long chainId, IssuesFile? file = null)
    {
        IndexDatabase.Execute(connection, transaction, "DELETE FROM events WHERE chain_id = $p0", chainId);
        IndexDatabase.Execute(connection, transaction, "INSERT OR REPLACE INTO event_logs(chain_id, content_id, stamp, signed, exact, size, tail) VALUES($p0, $p1, $p2, 0, 0, 0, NULL)",
            chainId, file?.BlobId, file?.Stamp);
    }

    // Reads the log from its start, or, when `before` is given, from where that read of it ended (its bytes unchanged).
    private static Result Read(SqliteConnection connection, long chainId, IssuesFile file, Func<IssuesFile, Stream> open, ChainLimits limits, Stored? before, CancellationToken cancellationToken)
    {
        if (file.Size > limits.MaxBlobBytes)
        {
            return Result.Inexact;
        }

        var start = before?.Size ?? 0;
        var lineNumber = before?.Lines ?? 0;
        var dropped = before?.Dropped ?? 0;
        var firstDropped = before?.FirstDropped;
        long size;
        var signed = before?.Signed ?? false;
        using (var stream = open(file))
        {
            if (start > 0)
            {
                stream.Seek(start, SeekOrigin.Begin);
            }

            var scanner = new LineScanner(stream, limits.MaxLineBytes);
            using var actors = new ActorIds(connection);
            using var insert = new RawStatement(connection, "INSERT INTO events(chain_id, actor, at, line) VALUES(?1, ?2, ?3, ?4)");
            insert.Bind(1, chainId);
            var scratch = new byte[4096];
            var first = true;
            while (scanner.TryNext(out var line, cancellationToken))
            {
                lineNumber++;
                var content = line.Content.Span;

                // The scanner drops a byte order mark where it starts reading; a signed log read line by line would pass
                // one to the verifier, and one past the log's start reads as a malformed line in one pass only.
                if (line.TooLong || !Utf8.IsValid(content) || (first && line.Offset != 0) || content.StartsWith(Bom))
                {
                    return Result.Inexact with { Signed = signed };
                }

                first = false;
                signed |= content.IndexOf("\"gt_sig\""u8) >= 0;
                // The bytes a one-pass read of the whole log judges: the scanner took the CR before the line feed, and a
                // reader strips one CR more, so a line ending in a second CR ("\r\r\n", which a load reads as "\r", no
                // event) is read with the scanner's CR put back.
                var terminated = scanner.Position > line.Offset + line.Length;
                var judged = terminated && content.EndsWith("\r"u8) && scanner.Position - (line.Offset + line.Length) == 2
                    ? (byte[])[.. content, (byte)'\r']
                    : line.Content;
                var read = EventLogReader.Read(judged);
                if (read.Diagnostics.Count > 0 && terminated)
                {
                    // A complete line that is no event: an audit must say it left the line out (AuditQuery.AddEventsAsync
                    // counts it among the chain's dropped lines), so the count and the first line's diagnostic are kept.
                    // (Read alone, without its line feed, the line reads as a torn tail; an unterminated last line is one, as
                    // a load reads it: a writer still appending, not a dropped line.)
                    dropped++;
                    firstDropped ??= DroppedLine(judged.Span, line.Offset, start, lineNumber);
                    continue;
                }

                foreach (var e in read.Events)
                {
                    insert.Bind(2, actors.Of(e.Actor)).Bind(3, AuditSeconds.Of(e.Timestamp)).BindBlob(4, StoredLine.Encode(content, ref scratch)).Run();
                }
            }

            size = start + scanner.Position;
        }

        // A local log is appended to: the next read starts here if the bytes up to here are still what was read (only
        // after a complete line: a torn last line may be finished by the next append).
        long? tail = null;
        if (file.BlobId is null && size > 0)
        {
            tail = HashOf(open(file), size);
        }

        return new Result(signed, true, size, tail, lineNumber, dropped, firstDropped);
    }

    // The diagnostic a one-pass read of the whole log gives this complete line (AuditQuery names the first in its note):
    // the line read again with its line feed, numbered and placed as in the whole log.
    private static string DroppedLine(ReadOnlySpan<byte> judged, long offset, long start, long lineNumber)
    {
        var diagnostic = EventLogReader.Read((byte[])[.. judged, (byte)'\n']).Diagnostics[0];
        return (diagnostic with { LineNumber = (int)Math.Min(lineNumber, int.MaxValue), ByteOffset = start + offset }).ToString();
    }

    // The hash of the bytes before `end` (the whole prefix an append must leave as it was: a tail alone would miss an edit
    // of an earlier, signed line), or null when the byte before `end` is not a line's end (or the stream is shorter).
    private static long? HashOf(Stream stream, long end)
    {
        using (stream)
        {
            if (stream.Length < end)
            {
                return null;
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            var last = (byte)0;
            for (var left = end; left > 0;)
            {
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    return null;
                }

                hash.AppendData(buffer, 0, read);
                last = buffer[read - 1];
                left -= read;
            }

            return last == (byte)'\n' ? BinaryPrimitives.ReadInt64LittleEndian(hash.GetHashAndReset()) : null;
        }
    }

    private sealed record Stored(string? ContentId, string? Stamp, bool Signed, bool Exact, long Size, long? Tail, long? Lines, long Dropped, string? FirstDropped);

    // What a read of the log found: Lines and Dropped count the lines read and those that are no events (FirstDropped says
    // where the first is, as a load's diagnostic); an inexact log keeps none of it.
    private sealed record Result(bool Signed, bool Exact, long Size, long? Tail, long? Lines, long Dropped, string? FirstDropped)
    {
        public static Result Empty { get; } = new(false, true, 0, null, 0, 0, null);

        public static Result Inexact { get; } = new(false, false, 0, null, null, 0, null);
    }
}
