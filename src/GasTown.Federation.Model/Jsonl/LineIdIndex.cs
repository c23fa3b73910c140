using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;

namespace GasTown.Federation.Model;

/// <summary>
/// The id index of a loaded <see cref="WorkUnitDocument"/>: id to line, keyed on each id's UTF-8 bytes where they lie
/// in the document's memory, so loading makes no string per record (see <see cref="DocumentLine"/>).
/// </summary>
/// <remarks>
/// Open addressing over line numbers, each slot holding the id's hash beside its line (one cache miss per probe).
/// Hashing starts with a fast multiply-mix hash; as with <see cref="Dictionary{TKey, TValue}"/>'s string keys, a probe
/// run longer than <see cref="MaxProbes"/> (ids chosen to collide: remote files are hostile) rebuilds the table on
/// <see cref="HashCode"/>, seeded at random per process. Built once by the loader, then only read: safe to read from
/// many threads.
/// </remarks>
internal sealed class LineIdIndex
{
    // Ids longer than this are encoded into a rented buffer instead of the stack.
    private const int StackIdBytes = 256;

    // Runs this long do not happen by chance at a load factor of at most one half.
    private const int MaxProbes = 100;

    // (hash << 32) | (line + 1); 0 is an empty slot.
    private long[] _slots;
    private int _count;
    private bool _randomized;

    public LineIdIndex(int capacity)
        => _slots = new long[(int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Min(1L << 30, Math.Max(16L, capacity * 2L))))];

    /// <summary>
    /// Indexes the record at <paramref name="line"/> of <paramref name="lines"/>. With an id seen before, the new line
    /// replaces it (the last wins, as upstream's import does) and the earlier line is returned.
    /// </summary>
    public int Set(ReadOnlySpan<DocumentLine> lines, int line)
    {
        if ((_count + 1) * 2 > _slots.Length)
        {
            Grow(lines);
        }

        var record = lines[line];
        byte[]? rented = null;
        try
        {
            var key = record.IdString is null ? record.IdUtf8 : Encode(record.IdString, stackalloc byte[StackIdBytes], ref rented);
            var hash = HashOf(key);
            var mask = _slots.Length - 1;
            var slot = hash & mask;
            var entry = ((long)hash << 32) | (uint)(line + 1);
            var probes = 0;
            while (_slots[slot] is var occupant and not 0)
            {
                if ((int)(occupant >> 32) == hash && IdEquals(lines[(int)occupant - 1], key))
                {
                    _slots[slot] = entry;
                    return (int)occupant - 1;
                }

                if (++probes > MaxProbes && !_randomized)
                {
                    _randomized = true;
                    Rehash(lines, _slots.Length);
                    return Set(lines, line);
                }

                slot = (slot + 1) & mask;
            }

            _slots[slot] = entry;
            _count++;
            return -1;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Finds the line of the record with this id (ordinal, as a string dictionary would).</summary>
    public bool TryFind(ReadOnlySpan<DocumentLine> lines, string id, out int line)
    {
        line = -1;
        byte[]? rented = null;
        try
        {
            Span<byte> buffer = stackalloc byte[StackIdBytes];
            if (!TryEncode(id, buffer, ref rented, out var key))
            {
                // Not valid UTF-16 (a lone surrogate): no id read from a UTF-8 file can equal it.
                return false;
            }

            var hash = HashOf(key);
            var mask = _slots.Length - 1;
            var slot = hash & mask;
            while (_slots[slot] is var occupant and not 0)
            {
                if ((int)(occupant >> 32) == hash && IdEquals(lines[(int)occupant - 1], key))
                {
                    line = (int)occupant - 1;
                    return true;
                }

                slot = (slot + 1) & mask;
            }

            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Finds an id by binary search in a file whose records are sorted by id (UTF-8 byte order); with equal ids (always
    /// adjacent there) the last one, as the hash index would.
    /// </summary>
    public static bool TryFindSorted(ReadOnlySpan<DocumentLine> lines, ReadOnlySpan<int> unitLines, string id, out int line)
    {
        line = -1;
        byte[]? rented = null;
        try
        {
            Span<byte> buffer = stackalloc byte[StackIdBytes];
            if (!TryEncode(id, buffer, ref rented, out var key))
            {
                return false;
            }

            // The first record whose id is greater than the key; the one before it is the last that may equal it.
            int low = 0, high = unitLines.Length;
            while (low < high)
            {
                var middle = (int)((uint)(low + high) >> 1);
                if (CompareKey(lines[unitLines[middle]], key) <= 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            if (low > 0 && CompareKey(lines[unitLines[low - 1]], key) == 0)
            {
                line = unitLines[low - 1];
                return true;
            }

            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // A record's id against UTF-8 key bytes, in byte order.
    private static int CompareKey(in DocumentLine line, ReadOnlySpan<byte> key)
    {
        if (line.IdString is not { } id)
        {
            return line.IdUtf8.SequenceCompareTo(key);
        }

        byte[]? rented = null;
        try
        {
            return Encode(id, stackalloc byte[StackIdBytes], ref rented).SequenceCompareTo(key);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The order of two records' ids in UTF-8 byte order (beads' exporter order, as <see cref="IdOrder"/>).</summary>
    public static int Compare(in DocumentLine a, in DocumentLine b)
        => a.IdString is null && b.IdString is null ? a.IdUtf8.SequenceCompareTo(b.IdUtf8) : IdOrder.CompareIds(a.Id, b.Id);

    /// <summary>True once a run of colliding ids switched the table to the randomly seeded hash.</summary>
    public bool IsRandomized => _randomized;

    /// <summary>The fast hash (0 to <see cref="int.MaxValue"/>) the table starts with.</summary>
    internal static int FastHash(ReadOnlySpan<byte> key)
    {
        // Ids are short (gt-abc12, bd-00u3.1): eight bytes at a time, multiply and fold.
        var hash = (ulong)key.Length * 0x9E3779B97F4A7C15UL;
        while (key.Length >= 8)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * 0xBF58476D1CE4E5B9UL;
            hash ^= hash >> 29;
            key = key[8..];
        }

        if (!key.IsEmpty)
        {
            ulong tail = 0;
            for (var i = 0; i < key.Length; i++)
            {
                tail |= (ulong)key[i] << (8 * i);
            }

            hash = (hash ^ tail) * 0xBF58476D1CE4E5B9UL;
            hash ^= hash >> 29;
        }

        hash *= 0x94D049BB133111EBUL;
        return (int)(hash >> 33);
    }

    private int HashOf(ReadOnlySpan<byte> key)
    {
        if (!_randomized)
        {
            return FastHash(key);
        }

        var seeded = default(HashCode);
        seeded.AddBytes(key);
        return seeded.ToHashCode() & int.MaxValue;
    }

    // Equality is the common probe (ids read as UTF-8 bytes); an id held as a string is compared once encoded.
    private static bool IdEquals(in DocumentLine line, ReadOnlySpan<byte> key)
        => line.IdString is null ? line.IdUtf8.SequenceEqual(key) : CompareKey(line, key) == 0;

    // An id string that came from the file (decoded from valid UTF-8) always encodes.
    private static ReadOnlySpan<byte> Encode(string id, Span<byte> buffer, ref byte[]? rented)
        => TryEncode(id, buffer, ref rented, out var key) ? key : throw new InvalidOperationException("An id read from the document is not valid UTF-16.");

    private static bool TryEncode(string id, Span<byte> buffer, ref byte[]? rented, out ReadOnlySpan<byte> key)
    {
        if (id.Length * 3 > buffer.Length)
        {
            rented = ArrayPool<byte>.Shared.Rent(id.Length * 3);
            buffer = rented;
        }

        var status = Utf8.FromUtf16(id, buffer, out _, out var written, replaceInvalidSequences: false);
        key = buffer[..written];
        return status == OperationStatus.Done;
    }

    private void Grow(ReadOnlySpan<DocumentLine> lines) => Rehash(lines, _slots.Length * 2);

    private void Rehash(ReadOnlySpan<DocumentLine> lines, int size)
    {
        var old = _slots;
        _slots = new long[size];
        _count = 0;
        foreach (var occupant in old)
        {
            if (occupant != 0)
            {
                Set(lines, (int)occupant - 1);
            }
        }
    }
}
