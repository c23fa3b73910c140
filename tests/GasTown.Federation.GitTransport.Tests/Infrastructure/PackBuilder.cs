using System.IO.Compression;
using System.Security.Cryptography;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Writes a git pack by hand (version 2): whole objects and offset deltas whose declared sizes, header count and bytes
/// are whatever a test needs, including what git itself would never write.
/// </summary>
internal sealed class PackBuilder
{
    private readonly MemoryStream _entries = new();
    private int _count;

    /// <summary>How many objects the header declares; the number of entries written unless set.</summary>
    public uint? DeclaredCount { get; set; }

    /// <summary>Adds a blob (type 3) holding <paramref name="content"/>; returns the offset of its entry.</summary>
    public long Blob(byte[] content) => Entry(3, content.Length, [], Deflate(content));

    /// <summary>
    /// Adds an offset delta (type 6) on the entry at <paramref name="baseOffset"/>, whose instructions are
    /// <paramref name="instructions"/> (declared as their own length unless <paramref name="declaredSize"/> is given).
    /// </summary>
    public long OffsetDelta(long baseOffset, byte[] instructions, long? declaredSize = null)
    {
        var offset = Position;
        return Entry(6, declaredSize ?? instructions.Length, OffsetVarint(offset - baseOffset), Deflate(instructions));
    }

    /// <summary>Adds an entry of any <paramref name="type"/> and header size, with <paramref name="body"/> written as it is.</summary>
    public long Raw(int type, long size, byte[] body) => Entry(type, size, [], body);

    /// <summary>The instructions of a delta on a base of <paramref name="baseSize"/> bytes that copies its first 64 KiB <paramref name="copies"/> times.</summary>
    public static byte[] CopyBase(long baseSize, int copies)
    {
        var result = new MemoryStream();
        WriteSizeVarint(result, baseSize);
        WriteSizeVarint(result, copies * 65_536L);
        for (var i = 0; i < copies; i++)
        {
            // A copy with no offset and no size bytes: offset 0, size 0x10000.
            result.WriteByte(0x80);
        }

        return result.ToArray();
    }

    /// <summary>The pack's bytes: header, entries, and the SHA-1 trailer over them.</summary>
    public byte[] ToArray()
    {
        var pack = new MemoryStream();
        pack.Write("PACK"u8);
        pack.Write([0, 0, 0, 2]);
        var count = DeclaredCount ?? (uint)_count;
        pack.Write([(byte)(count >> 24), (byte)(count >> 16), (byte)(count >> 8), (byte)count]);
        _entries.Position = 0;
        _entries.CopyTo(pack);
        pack.Write(SHA1.HashData(pack.ToArray()));
        return pack.ToArray();
    }

    public static byte[] Deflate(byte[] content)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(content);
        }

        return output.ToArray();
    }

    private long Position => 12 + _entries.Length;

    private long Entry(int type, long size, byte[] afterHeader, byte[] body)
    {
        var offset = Position;
        var first = (byte)((type << 4) | (int)(size & 0x0f));
        size >>= 4;
        if (size != 0)
        {
            first |= 0x80;
        }

        _entries.WriteByte(first);
        while (size != 0)
        {
            var b = (byte)(size & 0x7f);
            size >>= 7;
            _entries.WriteByte(size != 0 ? (byte)(b | 0x80) : b);
        }

        _entries.Write(afterHeader);
        _entries.Write(body);
        _count++;
        return offset;
    }

    // git's offset encoding for OFS_DELTA: big-endian groups of 7 bits, each but the last adding one.
    private static byte[] OffsetVarint(long value)
    {
        var bytes = new List<byte> { (byte)(value & 0x7f) };
        while ((value >>= 7) != 0)
        {
            value--;
            bytes.Insert(0, (byte)(0x80 | (value & 0x7f)));
        }

        return [.. bytes];
    }

    private static void WriteSizeVarint(Stream stream, long value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            stream.WriteByte(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }
}
