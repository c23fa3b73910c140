using CsCheck;

namespace GasTown.Federation.Model.Tests.GoJson;

/// <summary>
/// The readers of files that strangers write never throw on any bytes (issue 11): TryParse and the lenient
/// readers not at all, Parse only its documented <see cref="TownMetadataException"/>.
/// </summary>
public sealed class HostileBytesPropertyTests
{
    // Valid files to start from, so mutations reach deep into the parsers instead of failing at the first byte.
    private static readonly string[] Seeds =
    [
        "{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"t\",\n  \"owner\": \"a@b.com\",\n  \"created_at\": \"2026-01-01T00:00:00Z\",\n  \"x\": {\"y\": [1, \"\\u003c\"]}\n}",
        "{\"prefix\":\"gt-\",\"path\":\"gastown/mayor/rig\"}\n{\"prefix\":\"hq-\",\"path\":\".\"}\n",
        "{\"type\":\"delegation\",\"parent\":\"gt://acme.com/p/p-1\",\"child\":\"gt://a@b.com/t/r/x-1\",\"terms\":{\"portion\":\"p\",\"credit_share\":50}}\n" +
        "{\"type\":\"cross_reference\",\"source\":\"gt://a.com/c/x-1\",\"references\":[{\"type\":\"blocks\",\"target\":\"gt://b.com/c/y-1\"}]}\n",
    ];

    // Bytes that stress decoders: quotes, escapes, surrogate escapes' digits, invalid and partial UTF-8, a BOM.
    private static readonly byte[] Interesting = [.. "{}[]\":,\\u0dDe8fF \n\r\t#"u8, 0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE2, 0xED, 0xA0, 0xEF, 0xBB, 0xF0, 0xF4, 0xF5, 0xFF];

    private static readonly Gen<byte> HostileByte = Gen.OneOf(Gen.Byte, Gen.Int[0, Interesting.Length - 1].Select(i => Interesting[i]));

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 100_000], Gen.Int[0, 3], HostileByte.Array[1, 4]).Array[1, 6])
            .Select((seed, edits) =>
            {
                var bytes = new List<byte>(System.Text.Encoding.UTF8.GetBytes(Seeds[seed]));
                foreach (var (position, kind, inserted) in edits)
                {
                    var at = bytes.Count == 0 ? 0 : position % bytes.Count;
                    switch (kind)
                    {
                        case 0:
                            bytes.InsertRange(at, inserted);
                            break;
                        case 1 when bytes.Count > 0:
                            bytes.RemoveRange(at, Math.Min(inserted.Length, bytes.Count - at));
                            break;
                        default:
                            for (var i = 0; i < inserted.Length && at + i < bytes.Count; i++)
                            {
                                bytes[at + i] = inserted[i];
                            }

                            break;
                    }
                }

                return bytes.ToArray();
            });

    private static readonly Gen<byte[]> AnyBytes = Gen.OneOf(HostileByte.Array[0, 300], Mutated);

    [Fact]
    public void TownMetadata_TryParse_never_throws_and_Parse_throws_only_its_typed_exception() =>
        AnyBytes.Sample(bytes =>
        {
            var ok = TownMetadata.TryParse(bytes, out var metadata, out var problem);
            (ok ? metadata is not null && problem is null : metadata is null && problem is not null).ShouldBeTrue();
            if (ok)
            {
                var written = metadata!.ToUtf8Bytes();
                TownMetadata.Parse(bytes).ToUtf8Bytes().ShouldBe(written);

                // What was read can be written and read back the same.
                TownMetadata.Parse(written).ToUtf8Bytes().ShouldBe(written);
            }
            else
            {
                Should.Throw<TownMetadataException>(() => TownMetadata.Parse(bytes)).Problem.ShouldBe(problem);
            }
        }, iter: 10_000);

    [Fact]
    public void RouteTable_Parse_never_throws_and_every_line_is_a_route_or_a_diagnostic() =>
        AnyBytes.Sample(bytes =>
        {
            var table = RouteTable.Parse(bytes);
            table.Routes.ShouldAllBe(r => r.Prefix.Length > 0 && r.Path.Length > 0);
            RouteTable.Parse(table.ToUtf8Bytes()).Routes.ShouldBe(table.Routes);
        }, iter: 10_000);

    [Fact]
    public void RelationshipDocument_Parse_never_throws_and_keeps_the_bytes() =>
        AnyBytes.Sample(bytes =>
        {
            var document = RelationshipDocument.Parse(bytes);
            document.ToUtf8Bytes().ToArray().ShouldBe(bytes);
            document.LineNumbers.Count.ShouldBe(document.Relationships.Count);
            foreach (var relationship in document.Relationships)
            {
                // What was read can be written and read again.
                RelationshipDocument.Parse(RelationshipDocument.Serialize(relationship)).Relationships.ShouldHaveSingleItem();
            }
        }, iter: 10_000);
}
