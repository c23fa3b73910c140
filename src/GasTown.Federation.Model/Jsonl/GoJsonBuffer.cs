using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// A growable UTF-8 buffer that writes JSON the way Go's <c>encoding/json</c> does with HTML escaping on
/// (what beads' exporter uses): <c>&lt; &gt; &amp;</c> as <c>\u003c \u003e \u0026</c>, U+2028/U+2029 escaped,
/// <c>\" \\ \b \f \n \r \t</c> short escapes (Go 1.22+), other control characters as <c>\u00xx</c> in lower-case
/// hex, every other character as raw UTF-8. System.Text.Json's writer cannot do this (upper-case hex, escapes all non-ASCII).
/// </summary>
internal sealed class GoJsonBuffer
{
    // Everything Go does not copy through verbatim.
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f" +
        "\"\\<>&\u2028\u2029");

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

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

        WriteEscapedContent(text);
    }

    public void WriteString(string value)
    {
        WriteByte((byte)'"');
        WriteEscapedContent(value);
        WriteByte((byte)'"');
    }

    private void WriteEscapedContent(ReadOnlySpan<char> value)
    {
        while (!value.IsEmpty)
        {
            var i = value.IndexOfAny(Special);
            var run = i < 0 ? value : value[..i];
            if (!run.IsEmpty)
            {
                Ensure(Encoding.UTF8.GetMaxByteCount(run.Length));
                _position += Encoding.UTF8.GetBytes(run, _buffer.AsSpan(_position));
            }

            if (i < 0)
            {
                return;
            }

            WriteEscape(value[i]);
            value = value[(i + 1)..];
        }
    }

    private void WriteEscape(char c)
    {
        Ensure(6);
        var b = _buffer.AsSpan(_position);
        switch (c)
        {
            case '"':
            case '\\':
                b[0] = (byte)'\\';
                b[1] = (byte)c;
                _position += 2;
                return;
            case '\b':
                WriteShort(b, (byte)'b');
                return;
            case '\f':
                WriteShort(b, (byte)'f');
                return;
            case '\n':
                WriteShort(b, (byte)'n');
                return;
            case '\r':
                WriteShort(b, (byte)'r');
                return;
            case '\t':
                WriteShort(b, (byte)'t');
                return;
            default:
                b[0] = (byte)'\\';
                b[1] = (byte)'u';
                b[2] = Hex[(c >> 12) & 0xF];
                b[3] = Hex[(c >> 8) & 0xF];
                b[4] = Hex[(c >> 4) & 0xF];
                b[5] = Hex[c & 0xF];
                _position += 6;
                return;
        }
    }

    private void WriteShort(Span<byte> b, byte letter)
    {
        b[0] = (byte)'\\';
        b[1] = letter;
        _position += 2;
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
