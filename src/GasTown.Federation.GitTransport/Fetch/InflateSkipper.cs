namespace GasTown.Federation.GitTransport;

/// <summary>
/// Walks a zlib stream (RFC 1950/1951) without keeping what it inflates: it tells where the compressed stream ended, how
/// many bytes it inflates to and the first <see cref="HeadLength"/> of them. A pack records no object's compressed
/// length, so stepping from one object to the next needs exactly where each zlib stream ends, which
/// System.IO.Compression on .NET 10 cannot tell (it reads ahead, dotnet/runtime#121111). Modelled on zlib's puff.c, but
/// with no window: a copy only adds to the output length (and to the head while it is short), so 1.5 GB of zeros costs
/// decode time and no memory.
/// </summary>
internal sealed class InflateSkipper
{
    /// <summary>How many of the first inflated bytes are kept (a delta's header is two varints of at most 10 bytes).</summary>
    public const int HeadLength = 32;

    private const int MaxBits = 15;
    private static readonly short[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly short[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly short[] DistBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly short[] DistExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static readonly byte[] CodeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    private static readonly Huffman FixedLengths;
    private static readonly Huffman FixedDistances;

    private readonly Stream _input;
    private readonly byte[] _buffer;
    private int _bufferLength;
    private int _bufferPos;
    private long _consumed;
    private int _bitBuf;
    private int _bitCount;
    private long _outLength;
    private readonly byte[] _head = new byte[HeadLength];
    private readonly short[] _lengths = new short[320];
    private readonly Huffman _dynLengths = new(288);
    private readonly Huffman _dynDistances = new(30);
    private readonly Huffman _codeLengths = new(19);

    static InflateSkipper()
    {
        var lengths = new short[288];
        for (var i = 0; i < 144; i++) { lengths[i] = 8; }
        for (var i = 144; i < 256; i++) { lengths[i] = 9; }
        for (var i = 256; i < 280; i++) { lengths[i] = 7; }
        for (var i = 280; i < 288; i++) { lengths[i] = 8; }
        FixedLengths = new Huffman(288);
        FixedLengths.Build(lengths, 288);
        var dist = new short[30];
        Array.Fill(dist, (short)5);
        FixedDistances = new Huffman(30);
        FixedDistances.Build(dist, 30);
    }

    /// <summary>A skipper reading <paramref name="input"/> through <paramref name="buffer"/>, the only memory it uses.</summary>
    public InflateSkipper(Stream input, byte[] buffer)
    {
        _input = input;
        _buffer = buffer;
    }

    /// <summary>Bytes of the input consumed so far (read ahead into the buffer does not count).</summary>
    public long Position => _consumed;

    /// <summary>Skips one zlib stream starting at <see cref="Position"/>.</summary>
    /// <returns>The stream's result; <see cref="InflateResult.Error"/> says why it could not be walked.</returns>
    public InflateResult Skip(CancellationToken cancellationToken)
    {
        var start = _consumed;
        _bitBuf = 0;
        _bitCount = 0;
        _outLength = 0;
        Array.Clear(_head);
        try
        {
            var cmf = ReadByte();
            var flg = ReadByte();
            if ((cmf & 0x0f) != 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20) != 0)
            {
                return Fail(start, "not a zlib stream");
            }

            int last;
            var blocks = 0;
            do
            {
                if ((++blocks & 0x3ff) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                last = Bits(1);
                var type = Bits(2);
                var error = type switch
                {
                    0 => Stored(),
                    1 => Codes(FixedLengths, FixedDistances, cancellationToken),
                    2 => Dynamic(cancellationToken),
                    _ => "invalid block type",
                };
                if (error is not null)
                {
                    return Fail(start, error);
                }
            }
            while (last == 0);

            // The Adler-32 trailer, byte aligned (not checked: nothing is kept to check it against).
            _bitBuf = 0;
            _bitCount = 0;
            for (var i = 0; i < 4; i++)
            {
                ReadByte();
            }

            return new InflateResult(_consumed - start, _outLength, _head.AsSpan(0, (int)Math.Min(_outLength, HeadLength)).ToArray(), null);
        }
        catch (EndOfStreamException)
        {
            return Fail(start, "the data ends inside a compressed stream") with { Truncated = true };
        }
    }

    /// <summary>Reads one byte outside a compressed stream (a pack entry's header).</summary>
    /// <exception cref="EndOfStreamException">The input ended.</exception>
    public int ReadRawByte() => ReadByte();

    private InflateResult Fail(long start, string error) => new(_consumed - start, _outLength, [], error);

    private int ReadByte()
    {
        if (_bufferPos == _bufferLength)
        {
            _bufferLength = _input.Read(_buffer, 0, _buffer.Length);
            _bufferPos = 0;
            if (_bufferLength <= 0)
            {
                _bufferLength = 0;
                throw new EndOfStreamException();
            }
        }

        _consumed++;
        return _buffer[_bufferPos++];
    }

    private int Bits(int need)
    {
        var val = _bitBuf;
        while (_bitCount < need)
        {
            val |= ReadByte() << _bitCount;
            _bitCount += 8;
        }

        _bitBuf = val >> need;
        _bitCount -= need;
        return val & ((1 << need) - 1);
    }

    private void Emit(int value)
    {
        if (_outLength < HeadLength)
        {
            _head[_outLength] = (byte)value;
        }

        _outLength++;
    }

    private string? Stored()
    {
        _bitBuf = 0;
        _bitCount = 0;
        var len = ReadByte() | (ReadByte() << 8);
        var nlen = ReadByte() | (ReadByte() << 8);
        if (len != (~nlen & 0xffff))
        {
            return "stored block length does not match its complement";
        }

        while (len-- > 0)
        {
            Emit(ReadByte());
        }

        return null;
    }

    private int Decode(Huffman h)
    {
        int code = 0, first = 0, index = 0;
        for (var len = 1; len <= MaxBits; len++)
        {
            code |= Bits(1);
            int count = h.Count[len];
            if (code - count < first)
            {
                return h.Symbol[index + (code - first)];
            }

            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }

        return -1;
    }

    private string? Codes(Huffman lencode, Huffman distcode, CancellationToken cancellationToken)
    {
        var symbols = 0;
        while (true)
        {
            var symbol = Decode(lencode);
            if (symbol < 0)
            {
                return "invalid literal/length code";
            }

            if (symbol < 256)
            {
                Emit(symbol);
            }
            else if (symbol == 256)
            {
                return null;
            }
            else
            {
                symbol -= 257;
                if (symbol >= 29)
                {
                    return "invalid length code";
                }

                var len = LengthBase[symbol] + Bits(LengthExtra[symbol]);
                var ds = Decode(distcode);
                if (ds < 0 || ds >= 30)
                {
                    return "invalid distance code";
                }

                long dist = DistBase[ds] + Bits(DistExtra[ds]);
                if (dist > _outLength)
                {
                    return "distance too far back";
                }

                // Only the head is kept: copies inside it are made, the rest only counted.
                while (len > 0 && _outLength < HeadLength)
                {
                    Emit(_head[_outLength - dist]);
                    len--;
                }

                _outLength += len;
            }

            if ((++symbols & 0xfffff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private string? Dynamic(CancellationToken cancellationToken)
    {
        var nlen = Bits(5) + 257;
        var ndist = Bits(5) + 1;
        var ncode = Bits(4) + 4;
        if (nlen > 286 || ndist > 30)
        {
            return "bad code counts";
        }

        var lengths = _lengths;
        Array.Clear(lengths);
        for (var i = 0; i < ncode; i++)
        {
            lengths[CodeOrder[i]] = (short)Bits(3);
        }

        if (_codeLengths.Build(lengths, 19) != 0)
        {
            return "incomplete code length code";
        }

        var index = 0;
        while (index < nlen + ndist)
        {
            var symbol = Decode(_codeLengths);
            if (symbol < 0)
            {
                return "invalid code length symbol";
            }

            if (symbol < 16)
            {
                lengths[index++] = (short)symbol;
                continue;
            }

            short len = 0;
            int repeat;
            if (symbol == 16)
            {
                if (index == 0)
                {
                    return "repeat with no first length";
                }

                len = lengths[index - 1];
                repeat = 3 + Bits(2);
            }
            else if (symbol == 17)
            {
                repeat = 3 + Bits(3);
            }
            else
            {
                repeat = 11 + Bits(7);
            }

            if (index + repeat > nlen + ndist)
            {
                return "too many lengths";
            }

            while (repeat-- > 0)
            {
                lengths[index++] = len;
            }
        }

        if (lengths[256] == 0)
        {
            return "no end-of-block code";
        }

        var err = _dynLengths.Build(lengths, nlen);
        if (err != 0 && (err < 0 || nlen != _dynLengths.Count[0] + _dynLengths.Count[1]))
        {
            return "incomplete literal/length code";
        }

        err = _dynDistances.Build(lengths.AsSpan(nlen, ndist), ndist);
        if (err != 0 && (err < 0 || ndist != _dynDistances.Count[0] + _dynDistances.Count[1]))
        {
            return "incomplete distance code";
        }

        return Codes(_dynLengths, _dynDistances, cancellationToken);
    }

    private sealed class Huffman(int symbols)
    {
        public short[] Count { get; } = new short[MaxBits + 1];

        public short[] Symbol { get; } = new short[symbols];

        // puff.c's construct: 0 complete, > 0 incomplete, < 0 over-subscribed.
        public int Build(ReadOnlySpan<short> length, int n)
        {
            Array.Clear(Count);
            for (var s = 0; s < n; s++)
            {
                Count[length[s]]++;
            }

            if (Count[0] == n)
            {
                return 0;
            }

            var left = 1;
            for (var len = 1; len <= MaxBits; len++)
            {
                left <<= 1;
                left -= Count[len];
                if (left < 0)
                {
                    return left;
                }
            }

            Span<short> offs = stackalloc short[MaxBits + 1];
            offs[1] = 0;
            for (var len = 1; len < MaxBits; len++)
            {
                offs[len + 1] = (short)(offs[len] + Count[len]);
            }

            for (var s = 0; s < n; s++)
            {
                if (length[s] != 0)
                {
                    Symbol[offs[length[s]]++] = (short)s;
                }
            }

            return left;
        }
    }
}

/// <summary>What <see cref="InflateSkipper.Skip"/> found.</summary>
/// <param name="Consumed">Compressed bytes the stream took, its header and trailer included.</param>
/// <param name="OutputLength">Bytes it inflates to.</param>
/// <param name="Head">Its first inflated bytes (at most <see cref="InflateSkipper.HeadLength"/>).</param>
/// <param name="Error">Why it could not be walked, or null.</param>
internal sealed record InflateResult(long Consumed, long OutputLength, byte[] Head, string? Error)
{
    /// <summary>Whether the input ended inside the stream (<see cref="Error"/> says so): more of it may be still to come.</summary>
    public bool Truncated { get; init; }
}
