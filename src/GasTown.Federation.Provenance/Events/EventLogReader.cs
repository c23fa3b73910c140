using GasTown.Federation.Model;
using System.Runtime.CompilerServices;

namespace GasTown.Federation.Provenance;

/// <summary>
/// Reads a town's event log (<c>.events.jsonl</c>, see <see cref="EventLogPaths.EventsFile(string)"/>), tolerantly.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A line that is not a valid event is skipped and reported as <see cref="EventLogDiagnosticKind.MalformedLine"/>
/// with its line number; the rest of the log is read.</item>
/// <item>A last line without a newline that does not parse is a torn tail (a writer died mid-append, or is still
/// writing): reported as <see cref="EventLogDiagnosticKind.TornTail"/>, not an error. A last line without a newline
/// that does parse is returned.</item>
/// <item>Empty lines are skipped silently; a trailing <c>\r</c> is ignored.</item>
/// <item>Keys this SDK does not know are kept (<see cref="TownEvent.AdditionalProperties"/>).</item>
/// <item>A log that does not exist yet reads as empty: a town has no log until its first event.</item>
/// </list>
/// </remarks>
public static class EventLogReader
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Reads every event in a log held in memory.</summary>
    /// <param name="utf8">The log's bytes.</param>
    /// <param name="filter">Which events to return; <see langword="null"/> for all.</param>
    public static EventReadResult Read(ReadOnlyMemory<byte> utf8, EventFilter? filter = null)
    {
        var events = new List<TownEvent>();
        var diagnostics = new List<EventLogDiagnostic>();
        Action<EventLogDiagnostic> report = diagnostics.Add; // one delegate, not one per line
        var span = utf8.Span;
        var position = 0;
        var lineNumber = 0;
        while (position < utf8.Length)
        {
            lineNumber++;
            var length = span[position..].IndexOf((byte)'\n');
            var terminated = length >= 0;
            if (!terminated)
            {
                length = utf8.Length - position;
            }

            var line = utf8.Slice(position, length);
            if (Process(line, lineNumber, position, terminated, filter, report) is { } townEvent)
            {
                events.Add(townEvent);
            }

            position += length + (terminated ? 1 : 0);
        }

        return new EventReadResult(events, diagnostics, lineNumber);
    }

    /// <summary>Reads a whole log file.</summary>
    /// <param name="path">The log file, usually <see cref="EventLogPaths.EventsFile(string)"/>.</param>
    /// <param name="filter">Which events to return; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async ValueTask<EventReadResult> ReadFileAsync(string path, EventFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var events = new List<TownEvent>();
        var diagnostics = new List<EventLogDiagnostic>();
        var lines = 0;
        await foreach (var (townEvent, lineNumber) in ReadCoreAsync(path, filter, diagnostics.Add, cancellationToken).ConfigureAwait(false))
        {
            if (townEvent is not null)
            {
                events.Add(townEvent);
            }

            lines = lineNumber;
        }

        return new EventReadResult(events, diagnostics, Math.Max(lines, diagnostics.Count == 0 ? 0 : diagnostics[^1].LineNumber));
    }

    /// <summary>Streams the events of a log file, reading it in chunks.</summary>
    /// <param name="path">The log file, usually <see cref="EventLogPaths.EventsFile(string)"/>.</param>
    /// <param name="filter">Which events to return; <see langword="null"/> for all.</param>
    /// <param name="onDiagnostic">Called for each malformed line and a torn tail; <see langword="null"/> to ignore them.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async IAsyncEnumerable<TownEvent> ReadAsync(
        string path,
        EventFilter? filter = null,
        Action<EventLogDiagnostic>? onDiagnostic = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await foreach (var (townEvent, _) in ReadCoreAsync(path, filter, onDiagnostic ?? (static _ => { }), cancellationToken).ConfigureAwait(false))
        {
            if (townEvent is not null)
            {
                yield return townEvent;
            }
        }
    }

    /// <summary>
    /// Yields events as they are appended to a log, until cancelled. Waits for the file if it does not exist yet,
    /// holds an unterminated last line until its newline arrives, and starts over (reporting
    /// <see cref="EventLogDiagnosticKind.FileTruncated"/>) if the file shrinks.
    /// </summary>
    /// <remarks>
    /// Polls, like upstream's feed curator (every 100 ms by default), instead of using <see cref="FileSystemWatcher"/>:
    /// polling works on network and container file systems, needs no inotify watches, and a missed notification
    /// cannot stall it. Cancellation ends the sequence with <see cref="OperationCanceledException"/>.
    /// </remarks>
    /// <param name="path">The log file, usually <see cref="EventLogPaths.EventsFile(string)"/>.</param>
    /// <param name="filter">Which events to yield; <see langword="null"/> for all.</param>
    /// <param name="options">Poll interval, start position, diagnostics callback.</param>
    /// <param name="cancellationToken">Stops following.</param>
    public static async IAsyncEnumerable<TownEvent> FollowAsync(
        string path,
        EventFilter? filter = null,
        EventFollowOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new EventFollowOptions();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PollInterval, "EventFollowOptions.PollInterval must be positive.");
        }

        var report = options.OnDiagnostic ?? (static _ => { });
        var lines = new LineBuffer();
        long position = 0;
        var skipExisting = options.StartAtEnd;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stream = TryOpen(path);
            if (stream is not null)
            {
                var ready = new List<TownEvent>();
                await using (stream.ConfigureAwait(false))
                {
                    var length = stream.Length;
                    if (skipExisting)
                    {
                        // Count the lines we skip so that line numbers stay true.
                        var (count, lastNewlineEnd) = await CountCompleteLinesAsync(stream, length, cancellationToken).ConfigureAwait(false);
                        lines.NextLineNumber = 1 + count;
                        position = lines.NextLineOffset = lastNewlineEnd;
                        skipExisting = false;
                    }

                    if (length < position)
                    {
                        report(new EventLogDiagnostic(lines.NextLineNumber, position, EventLogDiagnosticKind.FileTruncated,
                            $"the log shrank from {position} to {length} bytes (rotated or truncated); reading again from its start"));
                        lines.Reset();
                        position = 0;
                    }

                    stream.Position = position;
                    while (position < length)
                    {
                        var memory = lines.GetWriteMemory(ChunkSize);
                        var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }

                        lines.Advance(read);
                        position += read;
                        while (lines.TryTakeLine(out var line, out var lineNumber, out var offset))
                        {
                            if (Process(line, lineNumber, offset, terminated: true, filter, report) is { } townEvent)
                            {
                                ready.Add(townEvent);
                            }
                        }
                    }
                }

                foreach (var townEvent in ready)
                {
                    yield return townEvent;
                }
            }
            else
            {
                // No file yet: every event it will hold is new, whatever StartAtEnd says.
                skipExisting = false;
            }

            await Task.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask<(int Count, long LastNewlineEnd)> CountCompleteLinesAsync(FileStream stream, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkSize];
        var count = 0;
        long read = 0;
        long lastNewlineEnd = 0;
        stream.Position = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - read)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            var chunk = buffer.AsSpan(0, n);
            count += chunk.Count((byte)'\n');
            var last = chunk.LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                lastNewlineEnd = read + last + 1;
            }

            read += n;
        }

        return (count, lastNewlineEnd);
    }

    private static async IAsyncEnumerable<(TownEvent? Event, int LineNumber)> ReadCoreAsync(
        string path,
        EventFilter? filter,
        Action<EventLogDiagnostic> report,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = TryOpen(path);
        if (stream is null)
        {
            yield break;
        }

        await using (stream.ConfigureAwait(false))
        {
            var lines = new LineBuffer();
            while (true)
            {
                var memory = lines.GetWriteMemory(ChunkSize);
                var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                lines.Advance(read);
                while (lines.TryTakeLine(out var line, out var lineNumber, out var offset))
                {
                    yield return (Process(line, lineNumber, offset, terminated: true, filter, report), lineNumber);
                }
            }

            if (lines.PendingCount > 0)
            {
                var rest = lines.TakeRemainder(out var lineNumber, out var offset);
                yield return (Process(rest, lineNumber, offset, terminated: false, filter, report), lineNumber);
            }
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            // FileShare.ReadWrite | Delete: writers (ours and upstream's) keep appending, and rotation may delete.
            return LocalFile.OpenRead(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static TownEvent? Process(
        ReadOnlyMemory<byte> line,
        int lineNumber,
        long offset,
        bool terminated,
        EventFilter? filter,
        Action<EventLogDiagnostic> report)
    {
        var span = line.Span;
        if (!span.IsEmpty && span[^1] == '\r')
        {
            line = line[..^1];
            span = line.Span;
        }

        if (offset == 0 && span.StartsWith(GoJsonInput.Utf8Bom))
        {
            // A leading BOM is skipped, as by every reader of the SDK.
            line = line[GoJsonInput.Utf8Bom.Length..];
            span = line.Span;
        }

        if (span.TrimStart(" \t"u8).IsEmpty)
        {
            return null;
        }

        // Invalid UTF-8 and unpaired surrogate escapes read as U+FFFD, as Go reads them; otherwise a payload read
        // later (TownEvent.Payload is decoded lazily) would throw InvalidOperationException at whoever touched it.
        var normalized = GoJsonInput.Normalize(span);
        if (normalized != span)
        {
            line = normalized.ToArray();
        }

        if (!EventLineParser.TryParse(line, lineNumber, filter, out var townEvent, out var error))
        {
            report(terminated
                ? new EventLogDiagnostic(lineNumber, offset, EventLogDiagnosticKind.MalformedLine, error!)
                : new EventLogDiagnostic(lineNumber, offset, EventLogDiagnosticKind.TornTail,
                    $"the last line ({line.Length} bytes) has no newline and is not a complete event ({error}); a writer was interrupted mid-append"));
            return null;
        }

        return townEvent;
    }
}
