using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// A growable UTF-8 buffer for the beads canonical writer: raw bytes, numbers and timestamps written directly,
/// strings escaped by <see cref="GoJsonWriter"/>, the one Go-compatible writer (see its remarks for Go's rules).
/// </summary>
internal sealed class GoJsonBuffer : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _position;

    public GoJsonBuffer(int initialCapacity = 4096) => _buffer = new byte[initialCapacity];

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    public int Length => _position;

    public void Reset() => _position = 0;

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteInt64(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_position), out var written);
        _position += written;
    }

    public void WriteTimestamp(BeadsTimestamp value)
    {
        Ensure(BeadsTimestamp.MaxLength + 2);
        _buffer[_position++] = (byte)'"';
        value.TryFormat(_buffer.AsSpan(_position), out var written);
        _position += written;
        _buffer[_position++] = (byte)'"';
    }

    /// <summary>Writes a Go <c>float32</c> the way <c>encoding/json</c> does for the usual range.</summary>
    public void WriteSingle(float value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            // Go cleans "1e-07" to "1e-7"; .NET writes "1E-07".
            var mantissa = text[..e];
            var sign = text[e + 1];
            var digits = text[(e + 2)..].TrimStart('0');
            text = $"{mantissa}e{sign}{(digits.Length == 0 ? "0" : digits)}";
        }

        // Digits, sign, dot and 'e': ASCII, nothing to escape.
        Ensure(text.Length);
        _position += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_position));
    }

    public void WriteString(string value) => GoJsonWriter.WriteString(this, value);

    /// <inheritdoc />
    public void Advance(int count) => _position += count;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_position);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_position);
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _position >= count)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, _position + count);
        Array.Resize(ref _buffer, size);
    }
}
