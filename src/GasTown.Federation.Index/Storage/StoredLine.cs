using System.IO.Compression;
using Microsoft.Data.Sqlite;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace GasTown.Federation.Index;

/// <summary>
/// How a unit's exact upstream line (and an event log's line) is kept in the index, and the one place it is read back.
/// The first byte says what follows, so a reader never guesses:
/// <list type="bullet">
/// <item><c>0x02</c> (schema 12): a zstd frame compressed with <see cref="StoredLineDictionary"/>, the dictionary trained on
/// upstream beads lines; the frame carries the line's length and a checksum of the line (frames written before the
/// checksum was added, in the same schema, have none: both decode the same).</item>
/// <item><c>0x01</c>: the line as it is, behind the tag (a line whose first byte is <c>0x00</c> to <c>0x02</c>: never a JSON
/// object, but the bytes are hostile).</item>
/// <item><c>0x00</c> (schemas 4 to 11, read only): the line's length as a LEB128 varint, then its Brotli stream.</item>
/// <item>anything else: the line itself, stored as it is when compressing it would not pay (so schema 3's lines, too, read
/// back unchanged).</item>
/// </list>
/// </summary>
internal static class StoredLine
{
    /// <summary>Lines shorter than this are stored as they are: a zstd frame's header would eat what the dictionary saves.</summary>
    public const int MinCompressedLength = 32;

    private const byte BrotliTag = 0x00;
    private const byte EscapedTag = 0x01;
    private const byte ZstdTag = 0x02;

    // zstd's frame format (RFC 8878, 3.1.1): the magic number 0xFD2FB528 (little-endian), then the Frame_Header_Descriptor,
    // whose bit 2 is the Content_Checksum_flag.
    private const int FrameDescriptorOffset = 4;
    private const byte ChecksumFlag = 0x04;

    private static ReadOnlySpan<byte> FrameMagic => [0x28, 0xB5, 0x2F, 0xFD];

    // zstd level 3 with the dictionary. Measured per line (benchmarks/README.md, the table of record, "Stored lines"):
    // Brotli quality 4 kept 50-54% of real upstream lines and 59% of the synthetic ones for ~22 us a line; zstd with a
    // dictionary trained on the other fixtures keeps 38-41% of real lines and ~34% of the synthetic ones in a few us.
    private const int Level = 3;

    // The most a stored line may claim to inflate to: the indexer never stores a line over ChainLimits.MaxLineBytes
    // (1 MiB by default), so a larger claim is a damaged row, answered as one instead of allocated.
    private const long MaxDecodedLength = 64L * 1024 * 1024;

    // One codec per thread: zstd contexts are not thread-safe, and each holds the prepared dictionary, so it is built once
    // per thread instead of once per line.
    [ThreadStatic]
    private static Compressor? t_compressor;

    [ThreadStatic]
    private static Decompressor? t_decompressor;

    /// <summary>
    /// Reads column <paramref name="ordinal"/> of <paramref name="reader"/> as a unit's exact line. Every query that reads
    /// <c>units.line</c> calls this (or <see cref="Decode(byte[])"/>); a caller that answers with the line checks it first
    /// (<see cref="UnitRow.LineChecked"/>, else against its stored hash).
    /// </summary>
    public static byte[] Read(SqliteDataReader reader, int ordinal) => Read(reader, ordinal, out _);

    /// <summary>
    /// As <see cref="Read(SqliteDataReader, int)"/>; <paramref name="lineChecked"/> says whether the line was checked as it
    /// was decoded (see <see cref="Decode(byte[], out bool)"/>), so that the caller need not hash it again.
    /// </summary>
    public static byte[] Read(SqliteDataReader reader, int ordinal, out bool lineChecked)
    {
        if (reader.GetValue(ordinal) is byte[] stored)
        {
            return Decode(stored, out lineChecked);
        }

        lineChecked = false;
        return []; // a damaged row (NULL, text) fails the hash check
    }

    /// <summary>
    /// The exact line a stored value holds. A value that does not decode (a damaged file) comes back as it is stored, so
    /// that the hash check beside every read reports the damage instead of this throwing something less helpful.
    /// </summary>
    public static byte[] Decode(byte[] stored) => Decode(stored, out _);

    /// <summary>
    /// As <see cref="Decode(byte[])"/>; <paramref name="lineChecked"/> is true when the value is a zstd frame with a content
    /// checksum (older frames have none) and the decoder found that the line matches it. A
    /// damaged frame fails that check or does not decode, and comes back as stored, unchecked.
    /// </summary>
    public static byte[] Decode(byte[] stored, out bool lineChecked)
    {
        lineChecked = false;
        if (stored.Length == 0 || stored[0] > ZstdTag)
        {
            return stored;
        }

        return stored[0] switch
        {
            EscapedTag => stored.AsSpan(1).ToArray(),
            ZstdTag => DecodeZstd(stored, out lineChecked),
            _ => DecodeBrotli(stored),
        };
    }

    private static byte[] DecodeZstd(byte[] stored, out bool lineChecked)
    {
        lineChecked = false;
        var frame = stored.AsSpan(1);
        try
        {
            var length = Decompressor.GetDecompressedSize(frame);
            if (length > MaxDecodedLength)
            {
                return stored;
            }

            var line = GC.AllocateUninitializedArray<byte>((int)length);
            var decompressor = t_decompressor ??= NewDecompressor();
            if (!decompressor.TryUnwrap(frame, line, out var written) || written != line.Length)
            {
                return stored;
            }

            // A zstd frame's header descriptor (after its 4-byte magic number) says whether a checksum follows the data; the
            // decoder verifies one when it is there (a mismatch throws, below). Anything else that decodes (a skippable
            // frame, an empty line) is left to the hash check.
            lineChecked = line.Length > 0 && frame.Length > FrameDescriptorOffset && frame.StartsWith(FrameMagic)
                && (frame[FrameDescriptorOffset] & ChecksumFlag) != 0;
            return line;
        }
        catch (ZstdException)
        {
            // Not a frame, not one of this dictionary's, or not the line its checksum says: a damaged row, which the hash
            // check reports.
            return stored;
        }
    }

    private static byte[] DecodeBrotli(byte[] stored)
    {
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
        var escape = line.Length > 0 && line[0] <= ZstdTag;
        if (line.Length >= MinCompressedLength)
        {
            // A result is only kept when it is smaller than the line: the destination is one byte short of break-even.
            var limit = line.Length - 1;
            if (scratch.Length < limit)
            {
                scratch = new byte[Math.Max(limit, scratch.Length * 2)];
            }

            scratch[0] = ZstdTag;
            var compressor = t_compressor ??= NewCompressor();
            if (compressor.TryWrap(line, scratch.AsSpan(1, limit - 1), out var written))
            {
                return scratch.AsSpan(0, 1 + written);
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

    private static Compressor NewCompressor()
    {
        var compressor = new Compressor(Level);
        compressor.LoadDictionary(StoredLineDictionary.Bytes);
        // The tag says which dictionary; the frame keeps the line's length (for an exact allocation on read) and a checksum
        // of the line (4 bytes, zstd's XXH64), which the decoder verifies: a query checks a line read back by it instead of
        // hashing the line again with SHA-256 (see FederationIndex.Build).
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_dictIDFlag, 0);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 1);
        return compressor;
    }

    private static Decompressor NewDecompressor()
    {
        var decompressor = new Decompressor();
        decompressor.LoadDictionary(StoredLineDictionary.Bytes);
        return decompressor;
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
