using System.IO.Compression;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// How a unit's exact upstream line is kept in <c>units.line</c> (schema 4), and the one place it is read back. A line
/// worth compressing is stored as <c>0x00</c>, its length as a LEB128 varint, then its Brotli stream; any other line is
/// stored as it is, except that a line whose first byte is <c>0x00</c> or <c>0x01</c> (never a JSON object, but the bytes
/// are hostile) is stored behind a <c>0x01</c>. So every line of schema 3 reads back unchanged, and a reader never
/// guesses: the first byte says what follows.
/// </summary>
internal static class StoredLine
{
    /// <summary>Lines shorter than this are stored as they are: Brotli's frame would save too little to pay for itself.</summary>
    public const int MinCompressedLength = 128;

    private const byte CompressedTag = 0x00;
    private const byte EscapedTag = 0x01;

    // Quality 4, window 2^16. Measured on the 10k synthetic chain (one-shot per line): quality 4 leaves 59% of the bytes
    // for ~21 us a line; quality 5 and up leave 56% but allocate hash tables big enough that a call cost 25 to 110 us
    // (the indexer's whole budget); quality 3 and below leave 62 to 76%.
    private const int Quality = 4;
    private const int Window = 16;

    // The most a stored line may claim to inflate to: the indexer never stores a line over ChainLimits.MaxLineBytes
    // (1 MiB by default), so a larger claim is a damaged row, answered as one instead of allocated.
    private const long MaxDecodedLength = 64L * 1024 * 1024;

    /// <summary>
    /// Reads column <paramref name="ordinal"/> of <paramref name="reader"/> as a unit's exact line. Every query that reads
    /// <c>units.line</c> calls this (or <see cref="Decode"/>); the caller still checks the line against its stored hash.
    /// </summary>
    public static byte[] Read(SqliteDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) is byte[] stored ? Decode(stored) : []; // a damaged row (NULL, text) fails the hash check

    /// <summary>
    /// The exact line a stored value holds. A value that does not decode (a damaged file) comes back as it is stored, so
    /// that the hash check beside every read reports the damage instead of this throwing something less helpful.
    /// </summary>
    public static byte[] Decode(byte[] stored)
    {
        if (stored.Length == 0 || stored[0] > EscapedTag)
        {
            return stored;
        }

        if (stored[0] == EscapedTag)
        {
            return stored.AsSpan(1).ToArray();
        }

        var varint = ReadLength(stored.AsSpan(1), out var length);
        if (varint == 0 || length > MaxDecodedLength)
        {
            return stored;
        }

        var line = GC.AllocateUninitializedArray<byte>((int)length);
        return BrotliDecoder.TryDecompress(stored.AsSpan(1 + varint), line, out var written) && written == line.Length ? line : stored;
    }

    /// <summary>
    /// Encodes <paramref name="line"/> for storage into <paramref name="scratch"/> (grown when needed) and returns the
    /// bytes to store: the line itself (no copy) when compressing it would not pay.
    /// </summary>
    public static ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> line, ref byte[] scratch)
    {
        var escape = line.Length > 0 && line[0] <= EscapedTag;
        if (line.Length >= MinCompressedLength)
        {
            // A result is only kept when it is smaller than the line: the destination is one byte short of break-even.
            var limit = line.Length - 1;
            if (scratch.Length < limit)
            {
                scratch = new byte[Math.Max(limit, scratch.Length * 2)];
            }

            scratch[0] = CompressedTag;
            var header = 1 + WriteLength(scratch.AsSpan(1), (uint)line.Length);
            if (BrotliEncoder.TryCompress(line, scratch.AsSpan(header, limit - header), out var written, Quality, Window))
            {
                return scratch.AsSpan(0, header + written);
            }
        }

        if (!escape)
        {
            return line;
        }

        if (scratch.Length < line.Length + 1)
        {
            scratch = new byte[line.Length + 1];
        }

        scratch[0] = EscapedTag;
        line.CopyTo(scratch.AsSpan(1));
        return scratch.AsSpan(0, line.Length + 1);
    }

    private static int WriteLength(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    // The varint's length in bytes, 0 when it is malformed (more than five bytes or cut short).
    private static int ReadLength(ReadOnlySpan<byte> source, out uint value)
    {
        value = 0;
        for (var i = 0; i < 5 && i < source.Length; i++)
        {
            value |= (uint)(source[i] & 0x7F) << (7 * i);
            if ((source[i] & 0x80) == 0)
            {
                return i + 1;
            }
        }

        return 0;
    }
}
