using System.Buffers;
using System.Runtime.CompilerServices;

namespace GasTown.Federation.Model;

/// <summary>
/// Streams work units out of a beads JSONL file or stream one line at a time, for files too large to hold as a
/// <see cref="WorkUnitDocument"/>. Memory stays bounded by the longest accepted line.
/// </summary>
/// <remarks>
/// Each non-blank line yields one <see cref="JsonlRecord{T}"/>: a work unit, or a diagnostic saying why the line was
/// skipped (bad JSON, missing id, invalid UTF-8, over-long line, truncated last line). Unlike a document, the stream
/// does not check for duplicate ids (that would mean remembering every id).
/// </remarks>
public static class WorkUnitJsonlReader
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>Streams the records of a file.</summary>
    /// <remarks>
    /// A path that names a pipe, a socket or a device is refused before it is opened (on Linux), since opening a pipe
    /// waits for a writer for ever; to read from a pipe or standard input, open it yourself and pass the stream.
    /// </remarks>
    /// <exception cref="IOException">The path cannot be read, or names a pipe or a device.</exception>
    public static async IAsyncEnumerable<JsonlRecord<WorkUnit>> ReadAsync(
        string path,
        JsonlReadOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = LocalFile.OpenRead(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 1, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var record in ReadAsync(stream, options, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    /// <summary>Streams the records of a stream, read to its end. The stream is not disposed.</summary>
    public static async IAsyncEnumerable<JsonlRecord<WorkUnit>> ReadAsync(
        Stream stream,
        JsonlReadOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= JsonlReadOptions.Default;
        var parser = new WorkUnitLineParser();
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var start = 0;          // first unconsumed byte in buffer
            var end = 0;            // one past the last byte read
            long streamOffset = 0;  // file offset of buffer[start]
            var lineNumber = 0;
            var skipping = false;   // inside an over-long line, discarding until its line feed
            var eof = false;
            var firstRead = true;
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline < 0 && !eof)
                {
                    if (!skipping && end - start > options.MaxLineLength + 1)
                    {
                        lineNumber++;
                        yield return TooLong(lineNumber, streamOffset, end - start, options);
                        skipping = true;
                    }

                    if (skipping)
                    {
                        streamOffset += end - start;
                        start = end = 0;
                    }
                    else if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }

                    if (end == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                    if (firstRead)
                    {
                        firstRead = false;
                        end += read;
                        if (end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                        {
                            start = 3;
                            streamOffset = 3;
                        }

                        eof = read == 0;
                        continue;
                    }

                    end += read;
                    eof = read == 0;
                    continue;
                }

                if (newline < 0 && start == end)
                {
                    yield break;
                }

                var lineLength = newline < 0 ? end - start : newline;
                var consumed = newline < 0 ? lineLength : lineLength + 1;
                if (skipping)
                {
                    skipping = false;
                    streamOffset += consumed;
                    start += consumed;
                    continue;
                }

                lineNumber++;
                var content = buffer.AsMemory(start, lineLength);
                content = content[..JsonlLines.ContentLength(content.Span, newline >= 0)];

                var record = ReadOne(parser, content, newline < 0, lineNumber, streamOffset, options);
                streamOffset += consumed;
                start += consumed;
                if (record is { } r)
                {
                    yield return r;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonlRecord<WorkUnit> TooLong(int lineNumber, long offset, int seen, JsonlReadOptions options)
        => new(lineNumber, offset, null, new JsonlDiagnostic(lineNumber, offset,
            $"the line is longer than the limit of {options.MaxLineLength} bytes (at least {seen - 1} before its end); it was skipped.")
        { Kind = JsonlDiagnosticKind.LineTooLong });

    private static JsonlRecord<WorkUnit>? ReadOne(
        WorkUnitLineParser parser,
        ReadOnlyMemory<byte> content,
        bool isLast,
        int lineNumber,
        long offset,
        JsonlReadOptions options)
    {
        if (content.Span.IndexOfAnyExcept(" \t\r"u8) < 0)
        {
            return null;
        }

        if (content.Length > options.MaxLineLength)
        {
            return TooLong(lineNumber, offset, content.Length + 1, options);
        }

        // The buffer is reused for the next lines, so unknown fields copy their bytes.
        if (parser.TryParse(content, copyRawValues: true, out var unit, out var error))
        {
            return new JsonlRecord<WorkUnit>(lineNumber, offset, unit, null);
        }

        if (error!.Kind == JsonlDiagnosticKind.NotAnIssue)
        {
            // bd export's memory lines are records of another type, not broken issues: nothing to stream.
            return null;
        }

        return new JsonlRecord<WorkUnit>(lineNumber, offset, null, WorkUnitDocument.ToDiagnostic(error!, lineNumber, offset, isLast));
    }
}
