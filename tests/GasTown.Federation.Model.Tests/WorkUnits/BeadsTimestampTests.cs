using System.Globalization;

namespace GasTown.Federation.Model.Tests.WorkUnits;

/// <summary>FORMATS §1.6: every shape of timestamp in real beads data parses and keeps its text.</summary>
public sealed class BeadsTimestampTests
{
    public static TheoryData<string, string, int> RealShapes => new()
    {
        // text, expected DateTimeOffset ("o" format), sub-tick nanoseconds
        { "2025-12-30T06:03:52Z", "2025-12-30T06:03:52.0000000+00:00", 0 },
        { "2025-12-28T19:15:08.238-08:00", "2025-12-28T19:15:08.2380000-08:00", 0 },
        { "2025-12-13T08:44:01.3838+11:00", "2025-12-13T08:44:01.3838000+11:00", 0 },
        { "2025-12-13T08:44:01.38379+11:00", "2025-12-13T08:44:01.3837900+11:00", 0 },
        { "2025-12-20T03:25:59.727107-08:00", "2025-12-20T03:25:59.7271070-08:00", 0 },
        { "2025-12-20T03:25:59.7271071-05:00", "2025-12-20T03:25:59.7271071-05:00", 0 },
        { "2025-12-20T03:25:59.72710712-07:00", "2025-12-20T03:25:59.7271071-07:00", 20 },
        { "2025-12-14T10:40:20.645402352-07:00", "2025-12-14T10:40:20.6454023-07:00", 52 },
        { "2025-12-14T10:40:20.6+00:00", "2025-12-14T10:40:20.6000000+00:00", 0 },
    };

    [Theory]
    [MemberData(nameof(RealShapes))]
    public void Real_shapes_parse_keep_their_text_and_are_canonical(string text, string expected, int subTick)
    {
        var timestamp = BeadsTimestamp.Parse(text);

        timestamp.Text.ShouldBe(text);
        timestamp.ToString().ShouldBe(text);
        timestamp.IsCanonical.ShouldBeTrue();
        timestamp.Value.ToString("o", CultureInfo.InvariantCulture).ShouldBe(expected);
        timestamp.SubTickNanoseconds.ShouldBe(subTick);

        var utf8 = new byte[64];
        timestamp.TryFormat(utf8, out var written).ShouldBeTrue();
        System.Text.Encoding.ASCII.GetString(utf8, 0, written).ShouldBe(text);
        BeadsTimestamp.Parse(System.Text.Encoding.ASCII.GetBytes(text)).Text.ShouldBe(text);
    }

    [Theory]
    [InlineData("2025-12-30T06:03:52.100Z")]      // trailing zeros Go would not write
    [InlineData("2025-12-30T06:03:52.0Z")]
    [InlineData("2025-12-30t06:03:52Z")]          // lower-case separator
    [InlineData("2025-12-30T06:03:52z")]
    [InlineData("2025-12-30T06:03:52-00:00")]     // "unknown offset"
    [InlineData("2025-12-30 06:03:52.5Z")]        // space separator
    [InlineData("2025-12-30T06:03:52,25+01:00")]  // comma decimal separator
    [InlineData("2025-12-30T06:03:52.000000000-00:00")]
    public void Valid_but_unusual_text_is_kept_exactly(string text)
    {
        var timestamp = BeadsTimestamp.Parse(text);

        timestamp.IsCanonical.ShouldBeFalse();
        timestamp.Text.ShouldBe(text);
        var unit = new WorkUnit { Id = "gt-t", CreatedAt = timestamp, UpdatedAt = timestamp };
        WorkUnitJson.ToJsonString(unit).ShouldContain($"\"created_at\":\"{text}\"");
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-12-30")]
    [InlineData("2025-12-30T06:03:52")]
    [InlineData("2025-13-30T06:03:52Z")]
    [InlineData("2025-02-30T06:03:52Z")]
    [InlineData("2025-12-30T24:00:00Z")]
    [InlineData("2025-12-30T06:03:52.Z")]
    [InlineData("2025-12-30T06:03:52+8:00")]
    [InlineData("2025-12-30T06:03:52+15:00")]
    [InlineData("2025-12-30T06:03:52Z ")]
    [InlineData("30/12/2025 06:03:52")]
    [InlineData("2025-12-30T06:03:52.1234567891Z")] // more than 9 digits: Go never writes them
    public void Invalid_text_is_refused_with_a_reason(string text)
    {
        BeadsTimestamp.TryParse(text, out _).ShouldBeFalse();
        var ex = Should.Throw<FormatException>(() => BeadsTimestamp.Parse(text));
        ex.Message.ShouldContain("is not an RFC 3339 timestamp");
    }

    public static TheoryData<string, int, string> GoRfc3339NanoCases => new()
    {
        // DateTimeOffset ("o"), extra ns, what Go's time.Format(time.RFC3339Nano) prints
        { "2025-12-30T06:03:52.0000000+00:00", 0, "2025-12-30T06:03:52Z" },
        { "2025-12-30T06:03:52.1000000+00:00", 0, "2025-12-30T06:03:52.1Z" },
        { "2025-12-30T06:03:52.1200000-08:00", 0, "2025-12-30T06:03:52.12-08:00" },
        { "2025-12-28T19:15:08.2380000-08:00", 0, "2025-12-28T19:15:08.238-08:00" },
        { "2025-12-20T03:25:59.7271070-08:00", 0, "2025-12-20T03:25:59.727107-08:00" },
        { "2025-12-20T03:25:59.7271071+05:30", 0, "2025-12-20T03:25:59.7271071+05:30" },
        { "2025-12-14T10:40:20.6454023-07:00", 52, "2025-12-14T10:40:20.645402352-07:00" },
        { "2025-12-14T10:40:20.6454020-07:00", 10, "2025-12-14T10:40:20.64540201-07:00" },
        { "2025-12-13T08:44:01.3837900+11:00", 0, "2025-12-13T08:44:01.38379+11:00" },
        { "0001-01-01T00:00:00.0000000+00:00", 0, "0001-01-01T00:00:00Z" },
        { "0999-03-04T05:06:07.0000000-09:30", 0, "0999-03-04T05:06:07-09:30" },
        { "9999-12-31T23:59:59.9999999+00:00", 99, "9999-12-31T23:59:59.999999999Z" },
    };

    [Theory]
    [MemberData(nameof(GoRfc3339NanoCases))]
    public void FromDateTimeOffset_matches_Gos_RFC3339Nano(string value, int extraNanoseconds, string go)
    {
        var dto = DateTimeOffset.ParseExact(value, "o", CultureInfo.InvariantCulture);

        var timestamp = BeadsTimestamp.FromDateTimeOffset(dto, extraNanoseconds);

        timestamp.Text.ShouldBe(go);
        timestamp.Value.ShouldBe(dto);
        timestamp.Value.Offset.ShouldBe(dto.Offset);
        BeadsTimestamp.Parse(go).ShouldBe(timestamp);
    }

    [Fact]
    public void Equality_and_order_are_by_instant_not_text()
    {
        var utc = BeadsTimestamp.Parse("2025-12-30T10:00:00Z");
        var pacific = BeadsTimestamp.Parse("2025-12-30T02:00:00-08:00");
        var later = BeadsTimestamp.Parse("2025-12-30T02:00:00.000000001-08:00");

        (utc == pacific).ShouldBeTrue();
        utc.GetHashCode().ShouldBe(pacific.GetHashCode());
        utc.Text.ShouldNotBe(pacific.Text);
        (later > pacific).ShouldBeTrue();
        (later != pacific).ShouldBeTrue();
        new[] { later, utc }.Order().First().ShouldBe(utc);
    }

    [Fact]
    public void The_default_is_Gos_zero_time()
    {
        default(BeadsTimestamp).Text.ShouldBe("0001-01-01T00:00:00Z");
        default(BeadsTimestamp).Value.ShouldBe(DateTimeOffset.MinValue);
    }

    [Fact]
    public void Every_fixture_timestamp_keeps_its_text_through_a_parse()
    {
        var count = 0;
        var text = System.Text.Encoding.UTF8.GetString(GasTown.Federation.TestSupport.Fixtures.BeadsSyncIssuesBytes());
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, "\"created_at\":\"([^\"]+)\""))
        {
            var original = match.Groups[1].Value;
            BeadsTimestamp.Parse(original).Text.ShouldBe(original);
            count++;
        }

        count.ShouldBe(1344);
    }
}
