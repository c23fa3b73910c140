using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Finds an object's offset in a pack through the pack's index file (<c>pack-*.idx</c>, version 2, as git and libgit2
/// write it: a fan-out table of 256 counts, the sorted object ids, their CRCs, their 31-bit offsets, then 64-bit offsets
/// for packs over 2 GiB). Reads only the fan-out and the ids its binary search visits. An index of another version, or one
/// whose counts or offsets do not fit its own length (damaged), finds nothing: the caller then asks libgit2.
/// </summary>
internal static class PackIndexFile
{
    private const int IdBytes = 20;
    private const int FanOutOffset = 8;
    private const int IdsOffset = FanOutOffset + (256 * 4);

    // The file ends with the pack's checksum and its own (SHA-1 each): no table reaches into them.
    private const int TrailerBytes = 2 * IdBytes;

    private static ReadOnlySpan<byte> Magic => [0xFF, (byte)'t', (byte)'O', (byte)'c'];

    /// <summary>The offset of <paramref name="id"/> in the pack of the index at <paramref name="path"/>, or null.</summary>
    /// <remarks>Every table is checked to end before the file's trailer, so a damaged count or offset finds nothing.</remarks>
    public static long? Find(string path, ReadOnlySpan<byte> id)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle) - TrailerBytes;
        Span<byte> head = stackalloc byte[IdsOffset];
        if (RandomAccess.Read(handle, head, 0) != head.Length || !head[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt32BigEndian(head[4..]) != 2)
        {
            return null;
        }

        long count = FanOut(head, 255);
        long low = FanOut(head, id[0] - 1);
        long high = FanOut(head, id[0]);
        if (low > high || high > count || IdsOffset + (count * (IdBytes + 8)) > length)
        {
            return null;
        }

        Span<byte> candidate = stackalloc byte[IdBytes];
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (RandomAccess.Read(handle, candidate, IdsOffset + (middle * IdBytes)) != IdBytes)
            {
                return null;
            }

            var order = candidate.SequenceCompareTo(id);
            if (order == 0)
            {
                return OffsetOf(handle, length, count, middle);
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return null;
    }

    // How many ids sort at or before first byte i (none before byte 0).
    private static long FanOut(ReadOnlySpan<byte> head, int i) => i < 0 ? 0 : BinaryPrimitives.ReadUInt32BigEndian(head[(FanOutOffset + (i * 4))..]);

    // The entry's offset: 31 bits in the table after the CRCs, or (its top bit set) an index into the 64-bit table after it.
    private static long? OffsetOf(SafeFileHandle handle, long length, long count, long entry)
    {
        Span<byte> word = stackalloc byte[8];
        var smallTable = IdsOffset + (count * (IdBytes + 4));
        if (RandomAccess.Read(handle, word[..4], smallTable + (entry * 4)) != 4)
        {
            return null;
        }

        var small = BinaryPrimitives.ReadUInt32BigEndian(word);
        if ((small & 0x8000_0000) == 0)
        {
            return small;
        }

        var at = smallTable + (count * 4) + ((small & 0x7FFF_FFFF) * 8L);
        if (at + 8 > length || RandomAccess.Read(handle, word, at) != 8)
        {
            return null;
        }

        var large = BinaryPrimitives.ReadUInt64BigEndian(word);
        return large > long.MaxValue ? null : (long)large;
    }
}
