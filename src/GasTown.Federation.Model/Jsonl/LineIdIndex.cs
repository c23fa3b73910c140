using System.Buffers;
using System.Text.Unicode;

namespace GasTown.Federation.Model;

/// <summary>
/// The id index of a loaded <see cref="WorkUnitDocument"/>: id to line, keyed on each id's UTF-8 bytes where they lie
/// in the document's memory, so loading makes no string per record (see <see cref="DocumentLine"/>).
/// </summary>
/// <remarks>
/// Open addressing over line numbers with the hashes beside them. The hash is <see cref="HashCode"/>, seeded at random
/// per process as <see cref="Dictionary{TKey, TValue}"/>'s string hash is, so a hostile file cannot choose ids that
/// all collide. Built once by the loader, then only read: safe to read from many threads.
/// </remarks>
internal sealed class LineIdIndex
{
    // Ids longer than this are encoded into a rented buffer instead of the stack.
    private const int StackIdBytes = 256;

    private int[] _slots; // line + 1; 0 is empty
    private int[] _hashes;
    private int _count;

    public LineIdIndex(int capacity)
    {
        var size = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2)));
        _slots = new int[size];
        _hashes = new int[size];
    }

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
            while (_slots[slot] is var occupant and not 0)
            {
                if (_hashes[slot] == hash && IdEquals(lines[occupant - 1], key))
                {
                    _slots[slot] = line + 1;
                    return occupant - 1;
                }

                slot = (slot + 1) & mask;
            }

            _slots[slot] = line + 1;
            _hashes[slot] = hash;
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
                if (_hashes[slot] == hash && IdEquals(lines[occupant - 1], key))
                {
                    line = occupant - 1;
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

    /// <summary>The order of two records' ids in UTF-8 byte order (beads' exporter order, as <see cref="IdOrder"/>).</summary>
    public static int Compare(in DocumentLine a, in DocumentLine b)
        => a.IdString is null && b.IdString is null ? a.IdUtf8.SequenceCompareTo(b.IdUtf8) : IdOrder.CompareIds(a.Id, b.Id);

    private static int HashOf(ReadOnlySpan<byte> key)
    {
        var hash = default(HashCode);
        hash.AddBytes(key);
        return hash.ToHashCode() & int.MaxValue;
    }

    private static bool IdEquals(in DocumentLine line, ReadOnlySpan<byte> key)
    {
        if (line.IdString is not { } id)
        {
            return line.IdUtf8.SequenceEqual(key);
        }

        byte[]? rented = null;
        try
        {
            return Encode(id, stackalloc byte[StackIdBytes], ref rented).SequenceEqual(key);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

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

    private void Grow(ReadOnlySpan<DocumentLine> lines)
    {
        var old = _slots;
        _slots = new int[old.Length * 2];
        _hashes = new int[old.Length * 2];
        _count = 0;
        foreach (var occupant in old)
        {
            if (occupant != 0)
            {
                Set(lines, occupant - 1);
            }
        }
    }
}
