using System.Buffers.Binary;
using System.Text;

namespace GasTown.Federation.Identity;

/// <summary>Writes SSH wire encoding (RFC 4251 §5).</summary>
internal sealed class SshWireWriter
{
    private readonly MemoryStream _stream = new();

    public SshWireWriter WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        return this;
    }

    public SshWireWriter WriteUInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        _stream.Write(buffer);
        return this;
    }

    public SshWireWriter WriteString(ReadOnlySpan<byte> value)
    {
        WriteUInt32((uint)value.Length);
        _stream.Write(value);
        return this;
    }

    public SshWireWriter WriteString(string value) => WriteString(Encoding.UTF8.GetBytes(value));

    public byte[] ToArray() => _stream.ToArray();
}
