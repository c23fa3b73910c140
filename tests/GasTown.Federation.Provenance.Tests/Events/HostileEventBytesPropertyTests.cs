using CsCheck;

namespace GasTown.Federation.Provenance.Tests.Events;

/// <summary>No bytes in a fetched .events.jsonl make reading it, or touching what was read, throw (issue 11).</summary>
public sealed class HostileEventBytesPropertyTests
{
    private const string Seed =
        "{\"ts\":\"2026-01-01T00:00:00Z\",\"source\":\"gt\",\"type\":\"sling\",\"actor\":\"gastown/crew/joe\",\"payload\":{\"bead\":\"gt-1\",\"n\":[1,\"\\u003c\"]},\"visibility\":\"feed\"}\n";

    private static readonly byte[] Interesting = [.. "{}[]\":,\\u0dDe8fF \n\r\t"u8, 0x00, 0x80, 0xBF, 0xC0, 0xED, 0xA0, 0xEF, 0xBB, 0xF0, 0xFF];

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, Interesting.Length - 1].Select(i => Interesting[i]).Array[1, 3]).Array[1, 5]
            .Select(edits =>
            {
                var bytes = new List<byte>(System.Text.Encoding.UTF8.GetBytes(Seed + Seed));
                foreach (var (position, inserted) in edits)
                {
                    bytes.InsertRange(position % bytes.Count, inserted);
                }

                return bytes.ToArray();
            });

    [Fact]
    public void Reading_and_using_events_never_throws() =>
        Gen.OneOf(Gen.Byte.Array[0, 300], Mutated).Sample(bytes =>
        {
            var result = EventLogReader.Read(bytes);
            foreach (var townEvent in result.Events)
            {
                _ = townEvent.Payload?.Count;
                _ = townEvent.ToString();
                _ = townEvent.Actor + townEvent.Type + townEvent.Source + townEvent.TimestampText;
            }
        }, iter: 10_000);
}
