using System.Buffers.Binary;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests.Objects;

/// <summary>
/// The pack index reader on index files written here byte by byte (git's version 2 layout): the 31-bit and the 64-bit
/// offsets, and files it must find nothing in rather than read past (another version, counts its length cannot hold, a
/// fan-out that goes down, a file cut short).
/// </summary>
public sealed class PackIndexFileTests : IDisposable
{
    private static readonly byte[] Small = Id(0x10);
    private static readonly byte[] Large = Id(0x80);
    private static readonly byte[] Absent = Id(0x40);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void It_finds_an_offset_under_2_GiB_and_one_past_it_in_the_64_bit_table()
    {
        var path = Write(IndexFile());
        PackIndexFile.Find(path, Small).ShouldBe(12L);
        PackIndexFile.Find(path, Large).ShouldBe(5_000_000_000L);
        PackIndexFile.Find(path, Absent).ShouldBeNull();
    }

    [Fact]
    public void A_file_of_another_version_or_cut_short_finds_nothing()
    {
        var version1 = IndexFile();
        BinaryPrimitives.WriteUInt32BigEndian(version1.AsSpan(4), 1);
        PackIndexFile.Find(Write(version1), Small).ShouldBeNull();

        var noMagic = IndexFile();
        noMagic[0] = 0;
        PackIndexFile.Find(Write(noMagic), Small).ShouldBeNull();

        var whole = IndexFile();
        PackIndexFile.Find(Write(whole[..100]), Small).ShouldBeNull("not even the fan-out");
        PackIndexFile.Find(Write(whole[..(whole.Length - 12)]), Large).ShouldBeNull("the 64-bit table cut short");
    }

    [Fact]
    public void Counts_the_file_cannot_hold_or_a_fan_out_that_goes_down_find_nothing()
    {
        var tooMany = IndexFile();
        BinaryPrimitives.WriteUInt32BigEndian(tooMany.AsSpan(8 + (255 * 4)), 1_000_000);
        PackIndexFile.Find(Write(tooMany), Small).ShouldBeNull();

        var down = IndexFile();
        BinaryPrimitives.WriteUInt32BigEndian(down.AsSpan(8 + (0x0F * 4)), 2); // before 0x10: 2, at 0x10: 1
        PackIndexFile.Find(Write(down), Small).ShouldBeNull();

        var largeIndexPastTable = IndexFile();
        BinaryPrimitives.WriteUInt32BigEndian(largeIndexPastTable.AsSpan(8 + 1024 + (2 * 20) + (2 * 4) + 4), 0x8000_0005);
        PackIndexFile.Find(Write(largeIndexPastTable), Large).ShouldBeNull();
    }

    // Two objects: Small at offset 12, Large at 5,000,000,000 (entry 0 of the 64-bit table). Version 2: magic, version,
    // 256 cumulative counts by first byte, the sorted ids, their CRCs, their 31-bit offsets, the 64-bit offsets, then the
    // pack's and the index's checksums (not read).
    private static byte[] IndexFile()
    {
        var file = new byte[8 + 1024 + (2 * 20) + (2 * 4) + (2 * 4) + 8 + 40];
        file[0] = 0xFF;
        file[1] = (byte)'t';
        file[2] = (byte)'O';
        file[3] = (byte)'c';
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), 2);
        for (var first = 0; first < 256; first++)
        {
            var count = (first >= Small[0] ? 1u : 0u) + (first >= Large[0] ? 1u : 0u);
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(8 + (first * 4)), count);
        }

        Small.CopyTo(file, 8 + 1024);
        Large.CopyTo(file, 8 + 1024 + 20);
        var offsets = 8 + 1024 + 40 + 8;
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(offsets), 12);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(offsets + 4), 0x8000_0000);
        BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(offsets + 8), 5_000_000_000);
        return file;
    }

    private static byte[] Id(byte first)
    {
        var id = new byte[20];
        id[0] = first;
        id[19] = 0x42;
        return id;
    }

    private string Write(byte[] bytes)
    {
        var path = _temp.Combine("pack-" + Guid.NewGuid().ToString("N") + ".idx");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
