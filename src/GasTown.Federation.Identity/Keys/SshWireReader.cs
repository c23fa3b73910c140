using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace GasTown.Federation.Identity;

/// <summary>Reads SSH wire encoding (RFC 4251 §5: uint32, string, mpint) from untrusted bytes; every read is bounds-checked.</summary>
internal ref struct SshWireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public SshWireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _data.Length;

    public readonly ReadOnlySpan<byte> Rest => _data[_position..];

    public bool TryReadUInt32(out uint value)
    {
        if (_data.Length - _position < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(_position, 4));
        _position += 4;
        return true;
    }

    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadUInt32(out var length) || length > (uint)(_data.Length - _position))
        {
            return false;
        }

        value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool TryReadText([NotNullWhen(true)] out string? value)
    {
        value = null;
        if (!TryReadString(out var bytes))
        {
            return false;
        }

        value = System.Text.Encoding.ASCII.GetString(bytes);
        return true;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (count < 0 || _data.Length - _position < count)
        {
            return false;
        }

        value = _data.Slice(_position, count);
        _position += count;
        return true;
    }
}
