namespace GasTown.Federation.GitTransport;

/// <summary>
/// A pack received from a remote, read before libgit2 resolves its deltas: the first object whose declared size is
/// over the budget. libgit2 hashes a whole object as it streams in, but once the pack has arrived it rebuilds each delta
/// in memory, base and result whole, and a delta can copy its base thousands of times: a 392 KB pack holding two 300 MB
/// blobs, one a delta of the other, cost 670 MB. Each entry declares its size up front (an object's header, a delta's
/// second varint), so the same rule as <see cref="LocalObjectScan"/> holds over any transport. Memory: one fixed buffer.
/// </summary>
internal static class PackScan
{
    /// <summary>The first entry of the pack at <paramref name="path"/> declaring more than <paramref name="maxBytes"/>.</summary>
    public static PackScanResult FindLarger(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var skipper = new InflateSkipper(file, new byte[64 * 1024]);
        try
        {
            Span<byte> header = stackalloc byte[12];
            for (var i = 0; i < 12; i++)
            {
                header[i] = (byte)skipper.ReadRawByte();
            }

            if (header[0] != 'P' || header[1] != 'A' || header[2] != 'C' || header[3] != 'K')
            {
                return PackScanResult.Malformed("it does not start with a pack header");
            }

            var version = (header[4] << 24) | (header[5] << 16) | (header[6] << 8) | header[7];
            if (version is not (2 or 3))
            {
                return PackScanResult.Malformed($"pack version {version} is not known");
            }

            var count = (uint)((header[8] << 24) | (header[9] << 16) | (header[10] << 8) | header[11]);
            for (var entry = 0u; entry < count; entry++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var offset = skipper.Position;
                var c = skipper.ReadRawByte();
                var type = (c >> 4) & 7;
                long size = c & 0x0f;
                var shift = 4;
                while ((c & 0x80) != 0)
                {
                    if (shift > 60)
                    {
                        return PackScanResult.Malformed($"entry {entry} at offset {offset} has an overlong size");
                    }

                    c = skipper.ReadRawByte();
                    size |= (long)(c & 0x7f) << shift;
                    shift += 7;
                }

                if (type == 6)
                {
                    // OFS_DELTA: the base's offset, a varint of its own.
                    var guard = 0;
                    do
                    {
                        c = skipper.ReadRawByte();
                        if (++guard > 10)
                        {
                            return PackScanResult.Malformed($"entry {entry} at offset {offset} has an overlong base offset");
                        }
                    }
                    while ((c & 0x80) != 0);
                }
                else if (type == 7)
                {
                    for (var i = 0; i < 20; i++)
                    {
                        skipper.ReadRawByte();
                    }
                }
                else if (type is < 1 or > 4)
                {
                    return PackScanResult.Malformed($"entry {entry} at offset {offset} has unknown type {type}");
                }

                if (type is >= 1 and <= 4 && size > maxBytes)
                {
                    return PackScanResult.Larger(entry, offset, size);
                }

                var inflated = skipper.Skip(cancellationToken);
                if (inflated.Error is not null)
                {
                    return PackScanResult.Malformed($"entry {entry} at offset {offset}: {inflated.Error}");
                }

                if (type is 6 or 7)
                {
                    // A delta starts with two varints: its base's size, then its result's.
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
            }

            return PackScanResult.None;
        }
        catch (EndOfStreamException)
        {
            return PackScanResult.Malformed("it ends before its last object");
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
}

/// <summary>What <see cref="PackScan.FindLarger"/> found: nothing, an entry over the budget, or why the pack cannot be read.</summary>
internal sealed record PackScanResult(long? Entry, long Offset, long Size, string? Problem)
{
    public static PackScanResult None { get; } = new(null, 0, 0, null);

    public static PackScanResult Larger(long entry, long offset, long size) => new(entry, offset, size, null);

    public static PackScanResult Malformed(string problem) => new(null, 0, 0, problem);
}
