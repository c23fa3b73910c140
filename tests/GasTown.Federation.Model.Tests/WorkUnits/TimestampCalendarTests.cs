using System.Globalization;

namespace GasTown.Federation.Model.Tests.WorkUnits;

/// <summary>
/// The RFC 3339 reader does its own calendar arithmetic (no DateTime constructor on the load path): every day of
/// the years where the Gregorian rules differ must give the instant .NET's parser gives, and impossible dates must be refused.
/// </summary>
public sealed class TimestampCalendarTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(100)]
    [InlineData(400)]
    [InlineData(1900)]
    [InlineData(2000)]
    [InlineData(2023)]
    [InlineData(2024)]
    [InlineData(2100)]
    [InlineData(9998)]
    public void Every_day_of_the_year_gives_the_instant_DateTimeOffset_gives(int year)
    {
        for (var day = new DateTime(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            foreach (var (time, offset) in new[] { ("00:00:00", "Z"), ("23:59:59.999999999", "-08:00"), ("12:34:56.5", "+14:00") })
            {
                var text = $"{day:yyyy-MM-dd}T{time}{offset}";
                if (year == 1 && offset == "+14:00" && day.DayOfYear == 1)
                {
                    continue; // before 0001-01-01T00:00Z: outside .NET's range, refused (see below)
                }

                var parsed = BeadsTimestamp.Parse(text);
                var expected = DateTimeOffset.Parse(text.Length > 33 ? text.Remove(27, 2) : text, CultureInfo.InvariantCulture);
                parsed.Value.UtcTicks.ShouldBe(expected.UtcTicks, text);
                parsed.Value.Offset.ShouldBe(expected.Offset, text);
                parsed.Text.ShouldBe(text);
            }
        }
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("1900-02-29T00:00:00Z")]
    [InlineData("2100-02-29T00:00:00Z")]
    [InlineData("2024-04-31T00:00:00Z")]
    [InlineData("2024-00-10T00:00:00Z")]
    [InlineData("2024-01-00T00:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:60:00Z")]
    [InlineData("2024-01-01T00:00:60Z")]
    [InlineData("2024-01-01T0a:00:00Z")]
    [InlineData("2024-1a-01T00:00:00Z")]
    [InlineData("2024/01/01T00:00:00Z")]
    [InlineData("2024-01-01T00-00:00Z")]
    [InlineData("0001-01-01T00:00:00+00:01")]
    public void Impossible_dates_and_instants_are_refused(string text)
    {
        BeadsTimestamp.TryParse(text, out _).ShouldBeFalse(text);
    }

    [Fact]
    public void Leap_days_of_leap_years_are_accepted()
    {
        foreach (var year in new[] { 4, 400, 2000, 2024, 9996 })
        {
            var text = $"{year:D4}-02-29T00:00:00Z";
            BeadsTimestamp.Parse(text).Value.UtcDateTime.ShouldBe(new DateTime(year, 2, 29, 0, 0, 0, DateTimeKind.Utc));
        }
    }
}
