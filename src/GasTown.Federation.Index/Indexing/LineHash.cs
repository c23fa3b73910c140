using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GasTown.Federation.Index;

/// <summary>
/// The 64-bit hash of one line's bytes that tells the indexer a line is unchanged, so it is not parsed again. The first
/// 8 bytes of SHA-256: stable across processes and runtimes (unlike <see cref="HashCode"/>), and a remote cannot craft
/// two different lines with the same hash to slip a change past the index.
/// </summary>
internal static class LineHash
{
    public static long Of(ReadOnlySpan<byte> line)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(line, digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }
}
