using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.Query.Tests.Audit;

/// <summary>
/// <see cref="AuditSince"/>: the one reading of an audit window's start that gtfed's <c>--since</c>, GtWeb's API and its
/// audit page share (the API once took RFC 3339 only where gtfed took 7d too).
/// </summary>
public sealed class AuditSinceTests
{
    private static readonly FakeTimeProvider Now = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("30m", 0, 30)]
    [InlineData("12h", 0, 720)]
    [InlineData("7d", 7, 0)]
    [InlineData(" 2w ", 14, 0)]
    [InlineData("739952d", 739952, 0)]
    public void A_duration_is_that_far_back_from_the_clock_s_now(string text, int days, int minutes)
    {
        AuditSince.TryParse(text, Now, out var since, out var problem).ShouldBeTrue(problem);
        since.ShouldBe(Now.GetUtcNow() - TimeSpan.FromDays(days) - TimeSpan.FromMinutes(minutes));
    }

    [Theory]
    [InlineData("2026-01-31", "2026-01-31T00:00:00Z")]
    [InlineData("2026-01-31T12:30:00", "2026-01-31T12:30:00Z")]
    [InlineData("2026-01-31T12:30:00+02:00", "2026-01-31T10:30:00Z")]
    public void A_date_or_a_time_without_an_offset_is_utc(string text, string instant)
        => AuditSince.Parse(text, Now).ShouldBe(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("999999d")]
    [InlineData("10675200d")]
    [InlineData("2147483647w")]
    [InlineData("2147483647h")]
    public void A_duration_reaching_back_before_year_1_says_how_far_it_may_reach(string text)
    {
        AuditSince.TryParse(text, Now, out _, out var problem).ShouldBeFalse();
        problem.ShouldBe("reaches back before year 1: give a duration of at most 739953d, or a date (2026-01-31).");
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("7q")]
    [InlineData("-7d")]
    [InlineData("d")]
    public void Text_that_is_no_time_says_the_forms_it_takes(string text)
    {
        AuditSince.TryParse(text, Now, out _, out var problem).ShouldBeFalse();
        problem.ShouldBe("is not a time: give " + AuditSince.Forms + ".");
    }

    [Fact]
    public void Parse_throws_invalid_input_quoting_the_text_with_its_controls_shown()
    {
        var error = Should.Throw<FederationException>(() => AuditSince.Parse("7\u001b[31md", Now));
        error.ErrorKind.ShouldBe(FederationErrorKind.InvalidInput);
        error.Message.ShouldBe("The audit window's start '7<U+001B>[31md' is not a time: give " + AuditSince.Forms + ".");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void No_text_is_a_mistake_not_an_open_window(string? text)
        => Should.Throw<FederationException>(() => AuditSince.Parse(text, Now)).Message.ShouldBe("The audit window's start is empty: give " + AuditSince.Forms + ".");
}
