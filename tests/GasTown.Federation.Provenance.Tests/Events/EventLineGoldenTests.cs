using System.Text;
using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;

namespace GasTown.Federation.Provenance.Tests.Events;

/// <summary>
/// The bytes upstream's Go code writes (gastown internal/events: json.Marshal of the Event struct + '\n'), written by
/// hand from FORMATS §5.1 and Go's encoding/json rules, compared byte for byte with ours.
/// </summary>
public sealed class EventLineGoldenTests
{
    [Fact]
    public async Task An_event_is_byte_identical_to_upstreams_line()
    {
        using var town = new TestTown();
        var payload = TestTown.Json("""
            {
              "zeta": "a<b>&c",
              "alpha": [1, "\u00fc", {"y": 2, "x": 1.5}, null, true],
              "Mid": "line\u2028sep\u2029",
              "emoji": "\ud83d\ude00",
              "ctrl": "\u0001\t\b\f\n\r\"\\/",
              "\u00e9": "non-ASCII key sorts after ASCII",
              "\ud83d\ude00k": "astral key sorts after U+FFFD",
              "\ufffd": "bmp"
            }
            """);

        await town.Writer.AppendAsync(town.Root, "sling", payload, EventVisibility.Feed, TestContext.Current.CancellationToken);

        var expected =
            "{\"ts\":\"2025-12-30T18:02:04Z\",\"source\":\"gt\",\"type\":\"sling\",\"actor\":\"gastown/crew/joe\"," +
            "\"payload\":{\"Mid\":\"line\\u2028sep\\u2029\",\"alpha\":[1,\"ü\",{\"x\":1.5,\"y\":2},null,true]," +
            "\"ctrl\":\"\\u0001\\t\\b\\f\\n\\r\\\"\\\\/\",\"emoji\":\"😀\",\"zeta\":\"a\\u003cb\\u003e\\u0026c\"," +
            "\"é\":\"non-ASCII key sorts after ASCII\",\"\ufffd\":\"bmp\",\"😀k\":\"astral key sorts after U+FFFD\"}," +
            "\"visibility\":\"feed\"}\n";
        File.ReadAllBytes(town.EventsFile).ShouldBe(Encoding.UTF8.GetBytes(expected));
    }

    [Fact]
    public async Task An_empty_payload_is_omitted_like_Gos_omitempty_and_the_clock_is_truncated_to_UTC_seconds()
    {
        using var town = new TestTown(actor: "mayor");
        town.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 999, TimeSpan.Zero));

        await town.Writer.AppendAsync(town.Root, "halt", TestTown.Json("{}"), EventVisibility.Audit, TestContext.Current.CancellationToken);
        await town.Writer.AppendAsync(town.Root, "boot", visibility: EventVisibility.Both, cancellationToken: TestContext.Current.CancellationToken);

        File.ReadAllText(town.EventsFile).ShouldBe(
            "{\"ts\":\"2026-01-02T03:04:05Z\",\"source\":\"gt\",\"type\":\"halt\",\"actor\":\"mayor\",\"visibility\":\"audit\"}\n" +
            "{\"ts\":\"2026-01-02T03:04:05Z\",\"source\":\"gt\",\"type\":\"boot\",\"actor\":\"mayor\",\"visibility\":\"both\"}\n");
    }

    [Fact]
    public async Task The_returned_event_round_trips_through_the_reader_and_ToUtf8Line()
    {
        using var town = new TestTown();
        var written = await town.Writer.AppendAsync(town.Root, "done", TestTown.Json("""{"bead":"gt-1","branch":"<main>"}"""), cancellationToken: TestContext.Current.CancellationToken);

        var read = EventLogReader.Read(File.ReadAllBytes(town.EventsFile)).Events.ShouldHaveSingleItem();

        written.ToUtf8Line().ShouldBe(File.ReadAllBytes(town.EventsFile));
        read.ToUtf8Line().ShouldBe(File.ReadAllBytes(town.EventsFile));
        read.Payload!["branch"].GetString().ShouldBe("<main>");
        read.Timestamp.ShouldBe(written.Timestamp);
        read.LineNumber.ShouldBe(1);
    }
}
