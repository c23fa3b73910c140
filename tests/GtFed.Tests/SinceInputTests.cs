using GtFed.Cli;
using Microsoft.Extensions.Time.Testing;

namespace GtFed.Tests;

/// <summary><c>--since</c> as a duration back from now: one reaching past year 1 is bad input saying so, not .NET's overflow message.</summary>
public sealed class SinceInputTests
{
    private static readonly FakeTimeProvider Now = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("999999d")]
    [InlineData("10675200d")]
    [InlineData("2147483647w")]
    [InlineData("2147483647h")]
    public void A_duration_reaching_back_before_year_1_is_bad_input(string since)
    {
        var error = Should.Throw<GtFedException>(() => Inputs.ParseSince(since, Now));
        error.Message.ShouldBe($"--since '{since}' reaches back before year 1: give a duration of at most 739953d, or a date (2026-01-31).");
    }

    [Theory]
    [InlineData("30m", 0, 30)]
    [InlineData("12h", 0, 720)]
    [InlineData("7d", 7, 0)]
    [InlineData("2w", 14, 0)]
    [InlineData("739952d", 739952, 0)]
    public void A_duration_back_from_now_is_that_far_back(string since, int days, int minutes)
        => Inputs.ParseSince(since, Now).ShouldBe(Now.GetUtcNow() - TimeSpan.FromDays(days) - TimeSpan.FromMinutes(minutes));
}
