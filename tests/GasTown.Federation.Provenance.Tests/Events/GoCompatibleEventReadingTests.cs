namespace GasTown.Federation.Provenance.Tests.Events;

/// <summary>
/// .events.jsonl is read as gt's json.Unmarshal reads it (issue 11), like town.json, routes and relationships:
/// keys case-folded with the last one winning, invalid UTF-8 as U+FFFD, a leading BOM skipped.
/// </summary>
public sealed class GoCompatibleEventReadingTests
{
    private const string Head = "{\"ts\":\"2026-01-01T00:00:00Z\",\"source\":\"gt\",\"type\":\"x\",\"actor\":\"mayor\"";

    [Fact]
    public void A_visibility_given_twice_reads_as_Go_reads_it_the_last_one()
    {
        // issue 11: published as a feed event, though gt reads it as an audit one.
        var result = EventLogReader.Read(System.Text.Encoding.UTF8.GetBytes(
            Head + ",\"visibility\":\"feed\",\"Visibility\":\"audit\"}\n" + Head + ",\"VISIBILITY\":\"feed\",\"visibility\":\"both\"}\n"));

        result.Diagnostics.ShouldBeEmpty();
        result.Events.Select(e => e.Visibility).ShouldBe([EventVisibility.Audit, EventVisibility.Both]);
    }

    [Fact]
    public void Invalid_UTF8_in_a_payload_reads_as_the_replacement_character_instead_of_throwing_later()
    {
        byte[] line = [.. System.Text.Encoding.UTF8.GetBytes(Head), .. ",\"payload\":{\"k"u8, 0xFF, .. "\":\"v"u8, 0xFE, .. "\\ud800\"},\"visibility\":\"feed\"}\n"u8];

        var townEvent = EventLogReader.Read(line).Events.ShouldHaveSingleItem();

        // TownEvent.Payload is decoded on first use: it threw "Cannot transcode invalid UTF-8" at whoever touched it.
        var (key, value) = townEvent.Payload.ShouldNotBeNull().ShouldHaveSingleItem();
        key.ShouldBe("k\uFFFD");
        value.GetString().ShouldBe("v\uFFFD\uFFFD");
    }

    [Fact]
    public void A_leading_BOM_is_skipped_as_by_every_reader()
    {
        byte[] log = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Head + ",\"visibility\":\"feed\"}\n")];

        var result = EventLogReader.Read(log);

        result.Diagnostics.ShouldBeEmpty();
        result.Events.ShouldHaveSingleItem().Type.ShouldBe("x");
    }
}
