namespace GasTown.Federation.GitTransport;

/// <summary>
/// A place in a pack file, read entry by entry as the pack is written, without keeping what an entry inflates to: each
/// entry's declared size (an object's header; a delta's header for its instructions, and its second varint for its result)
/// is checked against a budget before libgit2 rebuilds the pack's deltas. Memory: one fixed buffer.
/// </summary>
/// <remarks>
/// <para>
/// Why sizes, over any transport: once a pack has arrived libgit2 rebuilds each delta in memory, base and result whole,
/// and a delta can copy its base thousands of times: a 392 KB pack holding two 300 MB blobs, one a delta of the other,
/// cost 670 MB. Each entry declares its sizes up front, so the rule <see cref="LocalObjectScan"/> holds for a local remote
/// holds here too (<see cref="ReceivedPackScan"/> reads the pack a fetch is receiving).
/// </para>
/// <para>
/// A pack records no entry's compressed length, so stepping to the next entry needs exactly where each zlib stream ends
/// (<see cref="InflateSkipper"/>). An entry that runs past the end of what is written so far is read again from its start
/// on the next <see cref="Advance"/>: a pack being received grows between calls.
/// </para>
/// </remarks>
internal sealed class PackCursor : IDisposable
{
    private const int HeaderLength = 12;

    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private InflateSkipper _skipper;

    // Where in the file the skipper started reading: an entry starts at this plus the skipper's position.
    private long _skipperStart = HeaderLength;

    private PackCursor(FileStream file, uint count)
    {
        _file = file;
        Count = count;
        _skipper = new InflateSkipper(file, _buffer);
    }

    /// <summary>How many entries its header declares.</summary>
    public uint Count { get; }

    /// <summary>How many entries have been read and found within the budget.</summary>
    public long Checked { get; private set; }

    /// <summary>
    /// Opens the pack at <paramref name="path"/> and reads its header; null, with <paramref name="problem"/> saying why, when
    /// it is not a pack of a known version (or is shorter than a header).
    /// </summary>
    public static PackCursor? TryOpen(string path, out string? problem)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        Span<byte> header = stackalloc byte[HeaderLength];
        if (file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength)
        {
            file.Dispose();
            problem = "it is shorter than a pack header";
            return null;
        }

        if (!header[..4].SequenceEqual("PACK"u8))
        {
            file.Dispose();
            problem = "it does not start with a pack header";
            return null;
        }

        var version = (header[4] << 24) | (header[5] << 16) | (header[6] << 8) | header[7];
        if (version is not (2 or 3))
        {
            file.Dispose();
            problem = $"pack version {version} is not known";
            return null;
        }

        problem = null;
        return new PackCursor(file, (uint)((header[8] << 24) | (header[9] << 16) | (header[10] << 8) | header[11]));
    }

    /// <summary>
    /// Reads the entries after those already checked, up to <paramref name="upTo"/> in all (at most <see cref="Count"/>):
    /// <see cref="PackScanResult.None"/> when each is within <paramref name="maxBytes"/>, the first that is not, or why the
    /// pack cannot be read (<see cref="PackScanResult.IsTruncated"/> when what is written so far ends inside an entry).
    /// </summary>
    public PackScanResult Advance(long upTo, long maxBytes, CancellationToken cancellationToken)
    {
        upTo = Math.Min(upTo, Count);
        while (Checked < upTo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var offset = _skipperStart + _skipper.Position;
            var found = ReadEntry(Checked, offset, maxBytes, cancellationToken);
            if (found.IsTruncated)
            {
                // Read again from the entry's start once more of the pack is written.
                _file.Position = offset;
                _skipper = new InflateSkipper(_file, _buffer);
                _skipperStart = offset;
                return found;
            }

            if (found != PackScanResult.None)
            {
                return found;
            }

            Checked++;
        }

        return PackScanResult.None;
    }

    private PackScanResult ReadEntry(long entry, long offset, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            var c = _skipper.ReadRawByte();
            var type = (c >> 4) & 7;
            long size = c & 0x0f;
            var shift = 4;
            while ((c & 0x80) != 0)
            {
                c = _skipper.ReadRawByte();
                // Beyond 63 bits the size would wrap to a negative number, and pass any budget; a twelfth byte would shift
                // past the long (C# masks the count, so its bits would land low). libgit2 refuses both.
                if (shift > 63 || (shift > 56 && (c & 0x7f) >> (63 - shift) != 0))
                {
                    return PackScanResult.Malformed($"entry {entry} at offset {offset} declares a size beyond 63 bits");
                }

                size |= (long)(c & 0x7f) << shift;
                shift += 7;
            }

            if (type == 6)
            {
                // OFS_DELTA: the base's offset, a varint of its own.
                var length = 0;
                do
                {
                    c = _skipper.ReadRawByte();
                    if (++length > 10)
                    {
                        return PackScanResult.Malformed($"entry {entry} at offset {offset} has an overlong base offset");
                    }
                }
                while ((c & 0x80) != 0);
            }
            else if (type == 7)
            {
                // REF_DELTA: the base's id.
                for (var i = 0; i < 20; i++)
                {
                    _skipper.ReadRawByte();
                }
            }
            else if (type is < 1 or > 4)
            {
                return PackScanResult.Malformed($"entry {entry} at offset {offset} has unknown type {type}");
            }

            // A whole object, or a delta's instructions: libgit2 allocates the declared size and inflates into it.
            if (size > maxBytes)
            {
                return PackScanResult.Larger(entry, offset, size);
            }

            var inflated = _skipper.Skip(cancellationToken);
            if (inflated.Truncated)
            {
                return PackScanResult.Truncated($"entry {entry} at offset {offset}: {inflated.Error}");
            }

            if (inflated.Error is not null)
            {
                return PackScanResult.Malformed($"entry {entry} at offset {offset}: {inflated.Error}");
            }

            if (inflated.OutputLength != size)
            {
                return PackScanResult.Malformed($"entry {entry} at offset {offset} declares {size} bytes and inflates to {inflated.OutputLength}");
            }

            if (type is 6 or 7)
            {
                // A delta's instructions start with two varints: its base's size, then its result's, which libgit2 allocates.
                var head = inflated.Head;
                var at = 0;
                if (!TryVarint(head, ref at, out _) || !TryVarint(head, ref at, out var result))
                {
                    return PackScanResult.Malformed($"entry {entry} at offset {offset} is a delta without a readable header");
                }

                if (result > maxBytes)
                {
                    return PackScanResult.Larger(entry, offset, result);
                }
            }

            return PackScanResult.None;
        }
        catch (EndOfStreamException)
        {
            return PackScanResult.Truncated($"entry {entry} at offset {offset} is cut off");
        }
    }

    private static bool TryVarint(byte[] data, ref int at, out long value)
    {
        value = 0;
        var shift = 0;
        while (at < data.Length && shift <= 63)
        {
            var b = data[at++];
            value |= (long)(b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                return value >= 0;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
