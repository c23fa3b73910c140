using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// The 64-bit hash of one line's bytes that tells the indexer a line is unchanged, so it is not parsed again, and lets a
/// reader check a stored line: SipHash-2-4 keyed with a random 128-bit key kept in the index file (<c>meta</c>, key
/// <see cref="MetaKey"/>, written when the file is created or migrated to version 20). A keyed pseudo-random function, so a
/// remote, which never sees the key, cannot make two of its lines hash alike to slip a change past the index: with the
/// first 8 bytes of SHA-256 (versions 1 to 19) it could, by trying about 2^32 pairs of lines of its own (a birthday
/// search). And a tenth of the cost: SHA-256 through OpenSSL cost a fixed ~1 µs a call besides the bytes, a quarter of a
/// re-index of a 100k-line file after one changed line (benchmarks/README.md, "A re-index's hash and blob").
/// </summary>
internal readonly struct LineHash
{
    /// <summary>The <c>meta</c> key of the hash key: 32 lowercase hexadecimal digits.</summary>
    public const string MetaKey = "line_hash_key";

    private readonly ulong _k0;
    private readonly ulong _k1;

    /// <summary>The hash under a 128-bit key given as two halves (tests; the index reads its own with <see cref="For"/>).</summary>
    public LineHash(ulong k0, ulong k1)
    {
        _k0 = k0;
        _k1 = k1;
    }

    /// <summary>The hash of the index file <paramref name="connection"/> is open on.</summary>
    /// <exception cref="FederationIndexException">The file has no key, or a malformed one (edited by hand, damaged).</exception>
    public static LineHash For(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var text = IndexDatabase.Scalar(connection, transaction, "SELECT value FROM meta WHERE key = $p0", MetaKey) as string;
        if (text is not { Length: 32 } || !text.All(char.IsAsciiHexDigitLower)
            || !ulong.TryParse(text.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var k0)
            || !ulong.TryParse(text.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var k1))
        {
            throw new FederationIndexException(FederationErrorKind.RemoteFailure,
                $"The index file {connection.DataSource} has no line hash key (it was edited by hand?); rebuild it (FederationIndex.RebuildAsync), or delete it: the index is a cache.");
        }

        return new LineHash(k0, k1);
    }

    /// <summary>The hash of <paramref name="line"/>.</summary>
    public long Of(ReadOnlySpan<byte> line)
    {
        // SipHash-2-4 (Aumasson and Bernstein, 2012): two compression rounds per 8-byte word, four finalisation rounds.
        var v0 = 0x736f6d6570736575UL ^ _k0;
        var v1 = 0x646f72616e646f6dUL ^ _k1;
        var v2 = 0x6c7967656e657261UL ^ _k0;
        var v3 = 0x7465646279746573UL ^ _k1;
        var whole = line.Length & ~7;
        for (var i = 0; i < whole; i += 8)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(line[i..]);
            v3 ^= word;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= word;
        }

        // The last 0 to 7 bytes, with the length's low byte on top.
        var last = (ulong)line.Length << 56;
        for (var i = whole; i < line.Length; i++)
        {
            last |= (ulong)line[i] << (8 * (i - whole));
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xFF;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return (long)(v0 ^ v1 ^ v2 ^ v3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = ulong.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = ulong.RotateLeft(v0, 32);
        v2 += v3;
        v3 = ulong.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = ulong.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = ulong.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = ulong.RotateLeft(v2, 32);
    }
}
