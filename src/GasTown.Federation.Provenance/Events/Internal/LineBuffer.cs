namespace GasTown.Federation.Provenance;

/// <summary>
/// Collects bytes read from a log in chunks and hands out complete lines as slices of its buffer, valid until the
/// next <see cref="GetWriteMemory"/> (events copy what they keep). Bytes after the last newline wait for more data.
/// </summary>
internal sealed class LineBuffer
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>The 1-based number of the next line handed out.</summary>
    public int NextLineNumber { get; set; } = 1;

    /// <summary>The file offset of the next line handed out.</summary>
    public long NextLineOffset { get; set; }

    /// <summary>Bytes waiting for their newline.</summary>
    public int PendingCount => _end - _start;

    /// <summary>A span to read into, at least <paramref name="size"/> bytes long.</summary>
    public Memory<byte> GetWriteMemory(int size)
    {
        if (_buffer.Length - _end < size)
        {
            // Move the pending partial line to the front, and grow only when a single line outgrows the buffer.
            var pending = _end - _start;
            var target = pending + size > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, pending + size)] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, pending);
            _buffer = target;
            _start = 0;
            _end = pending;
        }

        return _buffer.AsMemory(_end);
    }

    public void Advance(int count) => _end += count;

    /// <summary>Takes the next complete line (without its <c>\n</c>), or returns false when none is complete.</summary>
    public bool TryTakeLine(out ReadOnlyMemory<byte> line, out int lineNumber, out long offset)
    {
        var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
        if (newline < 0)
        {
            line = default;
            lineNumber = 0;
            offset = 0;
            return false;
        }

        line = _buffer.AsMemory(_start, newline);
        lineNumber = NextLineNumber++;
        offset = NextLineOffset;
        NextLineOffset += newline + 1;
        _start += newline + 1;
        return true;
    }

    /// <summary>Takes whatever is pending (the unterminated last line).</summary>
    public byte[] TakeRemainder(out int lineNumber, out long offset)
    {
        var rest = _buffer.AsSpan(_start, _end - _start).ToArray();
        lineNumber = NextLineNumber++;
        offset = NextLineOffset;
        NextLineOffset += rest.Length;
        _start = _end = 0;
        return rest;
    }

    /// <summary>Forgets everything (the followed file was truncated).</summary>
    public void Reset()
    {
        _start = _end = 0;
        NextLineNumber = 1;
        NextLineOffset = 0;
    }
}
