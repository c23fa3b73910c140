using System.IO.Compression;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// The pack scan's zlib walker against System.IO.Compression's own output: where the stream ends (exactly, with bytes after
/// it), how long it inflates to and its first bytes; corrupt input is a typed failure, never an exception or a hang.
/// </summary>
public sealed class InflateSkipperTests
{
    public static TheoryData<int, CompressionLevel, int> Cases()
    {
        var data = new TheoryData<int, CompressionLevel, int>();
        foreach (var level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
        {
            foreach (var kind in new[] { 0, 1, 2, 3 })
            {
                foreach (var seed in new[] { 1, 2, 3 })
                {
                    data.Add(kind, level, seed);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_end_of_the_stream_its_length_and_its_first_bytes_are_exact(int kind, CompressionLevel level, int seed)
    {
        var random = new Random(seed * 31 + kind);
        var length = kind switch { 0 => random.Next(0, 40), 1 => random.Next(1, 300_000), 2 => random.Next(100_000, 3_000_000), _ => random.Next(1, 200_000) };
        var plain = new byte[length];
        switch (kind)
        {
            case 1:
                random.NextBytes(plain);
                break;
            case 2:
                break; // zeros: long copies
            default:
                // Repetitive: short random runs repeated, so copies overlap and reach back far.
                var run = new byte[random.Next(1, 50)];
                random.NextBytes(run);
                for (var i = 0; i < plain.Length; i++)
                {
                    plain[i] = random.Next(100) == 0 ? (byte)random.Next(256) : run[i % run.Length];
                }

                break;
        }

        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, level, leaveOpen: true))
        {
            z.Write(plain);
        }

        var streamLength = compressed.Length;
        var trailing = new byte[random.Next(0, 100)];
        random.NextBytes(trailing);
        compressed.Write(trailing);
        compressed.Position = 0;

        var skipper = new InflateSkipper(compressed, new byte[4096]);
        var result = skipper.Skip(TestContext.Current.CancellationToken);

        result.Error.ShouldBeNull();
        result.Consumed.ShouldBe(streamLength);
        skipper.Position.ShouldBe(streamLength);
        result.OutputLength.ShouldBe(plain.Length);
        result.Head.ShouldBe(plain.AsSpan(0, Math.Min(plain.Length, InflateSkipper.HeadLength)).ToArray());
        for (var i = 0; i < trailing.Length; i++)
        {
            skipper.ReadRawByte().ShouldBe(trailing[i]);
        }
    }

    [Fact]
    public void Two_streams_back_to_back_are_walked_one_after_the_other()
    {
        var compressed = new MemoryStream();
        foreach (var text in new[] { "first stream, first stream, first stream", "second" })
        {
            using var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true);
            z.Write(System.Text.Encoding.ASCII.GetBytes(text));
        }

        compressed.Position = 0;
        var skipper = new InflateSkipper(compressed, new byte[7]);
        skipper.Skip(TestContext.Current.CancellationToken).OutputLength.ShouldBe(40);
        var second = skipper.Skip(TestContext.Current.CancellationToken);
        second.OutputLength.ShouldBe(6);
        System.Text.Encoding.ASCII.GetString(second.Head).ShouldBe("second");
        skipper.Position.ShouldBe(compressed.Length);
    }

    [Fact]
    public void Corrupt_or_cut_streams_are_typed_failures()
    {
        var random = new Random(11);
        var plain = new byte[50_000];
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] = (byte)(i % 13 == 0 ? random.Next(256) : 'a' + (i % 7));
        }

        var good = new MemoryStream();
        using (var z = new ZLibStream(good, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(plain);
        }

        var bytes = good.ToArray();
        var accepted = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            var bad = (byte[])bytes.Clone();
            if (trial % 2 == 0)
            {
                bad = bad[..random.Next(0, bad.Length)];
            }
            else
            {
                for (var flips = random.Next(1, 5); flips > 0; flips--)
                {
                    bad[random.Next(bad.Length)] ^= (byte)(1 << random.Next(8));
                }
            }

            var result = new InflateSkipper(new MemoryStream(bad), new byte[512]).Skip(TestContext.Current.CancellationToken);
            if (trial % 2 == 0)
            {
                result.Error.ShouldNotBeNull();
            }

            result.Consumed.ShouldBeLessThanOrEqualTo(bad.Length);
            if (result.Error is null)
            {
                // Accepted damage must still be a stream .NET's inflater reads to the same length (the Adler-32 trailer,
                // which the skipper does not check, left aside: read as raw deflate after the two header bytes).
                using var inflater = new DeflateStream(new MemoryStream(bad, 2, bad.Length - 2), CompressionMode.Decompress);
                var length = 0L;
                var chunk = new byte[4096];
                for (int read; (read = inflater.Read(chunk)) > 0;)
                {
                    length += read;
                }

                result.OutputLength.ShouldBe(length, $"trial {trial}");
                accepted++;
            }
        }

        accepted.ShouldBeGreaterThan(0, "some damage leaves a stream that still decodes, and it is compared");

        new InflateSkipper(new MemoryStream([0x78, 0x9c, 0x07]), new byte[16]).Skip(TestContext.Current.CancellationToken).Error.ShouldBe("invalid block type");
        new InflateSkipper(new MemoryStream([0x12, 0x34]), new byte[16]).Skip(TestContext.Current.CancellationToken).Error.ShouldBe("not a zlib stream");
    }
}
