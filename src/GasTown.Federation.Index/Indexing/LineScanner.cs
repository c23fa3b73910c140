using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>
/// Splits a stream of JSONL into lines as <c>WorkUnitDocument</c> does (LF ends a line, a CR before it is not content,
/// a UTF-8 byte order mark at the start is not content) without holding more than one line: a line longer than the
/// limit is skipped to its end and reported by its length only. Memory is bounded by the limit, not the stream.
/// </summary>
internal sealed class LineScanner
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly int _maxLine;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private bool _first = true;

    public LineScanner(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLine = maxLineBytes;
    }

    /// <summary>Bytes consumed so far (for progress).</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>The next line; its <see cref="ScannedLine.Content"/> is valid until the next call.</summary>
    public bool TryNext(out ScannedLine line, CancellationToken cancellationToken)
    {
        if (_first)
        {
            _first = false;
            Fill(cancellationToken);
            if (_buffer.AsSpan(_start, _end - _start).StartsWith(Bom))
            {
                _start += 3;
            }
        }

        var tooLong = false;
        long skippedOffset = 0;
        long skipped = 0;
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var offset = _bufferOffset + _start;
                if (tooLong)
                {
                    _start += newline + 1;
                    line = new ScannedLine(default, skippedOffset, skipped + newline, true);
                    return true;
                }

                var length = JsonlLines.ContentLength(span[..newline], endsWithLineFeed: true);
                line = new ScannedLine(_buffer.AsMemory(_start, length), offset, length, length > _maxLine);
                _start += newline + 1;
                return true;
            }

            if (!tooLong && span.Length > _maxLine + 1)
            {
                // Over the limit with no end in sight: remember where it started and drop bytes until its line feed.
                tooLong = true;
                skippedOffset = _bufferOffset + _start;
            }

            if (tooLong)
            {
                skipped += span.Length;
                _bufferOffset += _end;
                _start = _end = 0;
            }

            if (_eof)
            {
                if (tooLong)
                {
                    line = new ScannedLine(default, skippedOffset, skipped, true);
                    return true;
                }

                if (span.Length == 0)
                {
                    line = default;
                    return false;
                }

                line = new ScannedLine(_buffer.AsMemory(_start, span.Length), _bufferOffset + _start, span.Length, span.Length > _maxLine);
                _start = _end;
                return true;
            }

            Fill(cancellationToken);
        }
    }

    private void Fill(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_start > 0)
        {
            // Keep the partial line at the front of the buffer.
            var remaining = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _bufferOffset += _start;
            _start = 0;
            _end = remaining;
        }

        if (_end == _buffer.Length)
        {
            // A line longer than the buffer but within the limit: grow (never past the limit plus one read).
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
