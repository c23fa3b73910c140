using System.Text;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>A line's hash is SipHash-2-4 under the index file's own random key.</summary>
public sealed class LineHashTests
{
    [Theory]
    [InlineData(0, 0x726fdb47dd0e0e31UL)]
    [InlineData(1, 0x74f839c593dc67fdUL)]
    [InlineData(15, 0xa129ca6149be45e5UL)]
    public void It_is_siphash_2_4_by_the_reference_vectors(int length, ulong expected)
    {
        // The reference implementation's vectors (and the paper's example for 15 bytes): key 00..0f, message 00..length-1.
        var hash = new LineHash(0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL);
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        ((ulong)hash.Of(message)).ShouldBe(expected);
    }

    [Fact]
    public void Each_index_file_has_its_own_key_so_the_same_line_hashes_differently_in_two_files()
    {
        using var first = NewIndex();
        using var second = NewIndex();
        var line = Encoding.UTF8.GetBytes("""{"id":"gt-1","title":"The same line"}""");
        LineHash.For(first, null).Of(line).ShouldNotBe(LineHash.For(second, null).Of(line));
        LineHash.For(first, null).Of(line).ShouldBe(LineHash.For(first, null).Of(line));
    }

    [Fact]
    public void A_file_without_its_key_is_reported_damaged_with_what_to_do()
    {
        using var connection = NewIndex();
        IndexDatabase.Execute(connection, null, "DELETE FROM meta WHERE key = $p0", LineHash.MetaKey);
        Should.Throw<FederationIndexException>(() => LineHash.For(connection, null)).Message.ShouldContain("rebuild it");
    }

    private static SqliteConnection NewIndex()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        IndexSchema.Migrate(connection).ShouldBeTrue();
        return connection;
    }
}
