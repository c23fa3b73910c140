using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// Parses <c>yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)</c> from UTF-8 without allocating (hot path of the
/// JSONL reader), and tells whether the text is exactly what Go's RFC3339Nano would print for the instant.
/// </summary>
internal static class Rfc3339Parser
{
    public static bool TryParse(
        ReadOnlySpan<byte> s,
        out long utcTicks,
        out int meta,
        [NotNullWhen(false)] out string? error)
    {
        utcTicks = 0;
        meta = 0;
        var flags = 0;
        var offsetMinutes = 0;
        error = null;

        if (s.Length < 20)
        {
            return Fail(s, "it is too short (expected yyyy-MM-ddTHH:mm:ss followed by Z or an offset such as -08:00)", out error);
        }

        // The fixed-width fields are read without loops (a JSONL load reads four or five of these per line).
        uint y0 = Digit(s[0]), y1 = Digit(s[1]), y2 = Digit(s[2]), y3 = Digit(s[3]), mo0 = Digit(s[5]), mo1 = Digit(s[6]), d0 = Digit(s[8]), d1 = Digit(s[9]);
        if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (mo0 > 9) | (mo1 > 9) | (d0 > 9) | (d1 > 9) | (s[4] != '-') | (s[7] != '-'))
        {
            return Fail(s, "the date at position 0 is not yyyy-MM-dd", out error);
        }

        if (s[10] != 'T')
        {
            if (s[10] != 't' && s[10] != ' ')
            {
                return Fail(s, "position 10 must be 'T' between date and time", out error);
            }

            flags |= s[10] == 't' ? TimestampMeta.LowerT : TimestampMeta.SpaceSeparator;
        }

        var year = (int)((y0 * 1000) + (y1 * 100) + (y2 * 10) + y3);
        var month = (int)((mo0 * 10) + mo1);
        var day = (int)((d0 * 10) + d1);
        uint h0 = Digit(s[11]), h1 = Digit(s[12]), mi0 = Digit(s[14]), mi1 = Digit(s[15]), s0 = Digit(s[17]), s1 = Digit(s[18]);
        if ((h0 > 9) | (h1 > 9) | (mi0 > 9) | (mi1 > 9) | (s0 > 9) | (s1 > 9) | (s[13] != ':') | (s[16] != ':'))
        {
            return Fail(s, "the time at position 11 is not HH:mm:ss", out error);
        }

        var hour = (int)((h0 * 10) + h1);
        var minute = (int)((mi0 * 10) + mi1);
        var second = (int)((s0 * 10) + s1);
        var leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(month, leap) || hour > 23 || minute > 59 || second > 59)
        {
            return Fail(s, "a date or time component is out of range", out error);
        }

        var pos = 19;
        long nanos = 0;
        if (s[pos] == '.' || s[pos] == ',')
        {
            if (s[pos] == ',')
            {
                flags |= TimestampMeta.CommaSeparator;
            }

            pos++;
            var start = pos;
            while (pos < s.Length && (uint)(s[pos] - '0') <= 9)
            {
                if (pos - start < 9)
                {
                    nanos = (nanos * 10) + (s[pos] - '0');
                }

                pos++;
            }

            var digits = pos - start;
            if (digits == 0)
            {
                return Fail(s, $"the fraction at position {start} has no digits", out error);
            }

            if (digits > 9)
            {
                // Go keeps nanoseconds only and never writes more; refusing them keeps every accepted text reproducible.
                return Fail(s, $"the fraction at position {start} has {digits} digits; at most 9 (nanoseconds) are supported", out error);
            }

            for (var i = digits; i < 9; i++)
            {
                nanos *= 10;
            }

            if (s[pos - 1] == '0')
            {
                // Go drops trailing zeros; remember how many digits this writer used.
                flags = TimestampMeta.WithDigits(flags, digits);
            }
        }

        if (pos >= s.Length)
        {
            return Fail(s, "the zone is missing (expected Z or an offset such as -08:00)", out error);
        }

        if (s[pos] is (byte)'Z' or (byte)'z')
        {
            flags |= s[pos] == 'z' ? TimestampMeta.LowerZ : 0;
            pos++;
        }
        else if (s[pos] is (byte)'+' or (byte)'-')
        {
            var negative = s[pos] == '-';
            if (pos + 6 != s.Length || !Digits(s, pos + 1, 2, out var offH) || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, out var offM) || offM > 59)
            {
                return Fail(s, $"the offset at position {pos} is not ±HH:MM", out error);
            }

            offsetMinutes = (offH * 60) + offM;
            if (offsetMinutes > 14 * 60)
            {
                return Fail(s, $"the offset at position {pos} is beyond ±14:00, which .NET cannot represent", out error);
            }

            if (negative)
            {
                offsetMinutes = -offsetMinutes;
            }

            if (offsetMinutes == 0)
            {
                // Go prints "+00:00" for a zero-offset zone that is not UTC; "-00:00" it never prints.
                flags |= negative ? TimestampMeta.NegativeZeroOffset : TimestampMeta.NumericZeroOffset;
            }

            pos += 6;
        }
        else
        {
            return Fail(s, $"position {pos} must start the zone (Z or an offset such as -08:00)", out error);
        }

        if (pos != s.Length)
        {
            return Fail(s, $"unexpected text at position {pos}", out error);
        }

        var localTicks = LocalTicks(year, month, day, leap, hour, minute, second) + (nanos / 100);
        utcTicks = localTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return Fail(s, "the instant is outside the range .NET can represent", out error);
        }

        meta = TimestampMeta.Create(offsetMinutes, (int)(nanos % 100)) | flags;
        return true;
    }

    // The digit's value, or more than 9 for any other byte.
    private static uint Digit(byte b) => (uint)(b - '0');

    private static ReadOnlySpan<byte> MonthDays => [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    private static ReadOnlySpan<short> DaysBeforeMonth => [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    private static int DaysInMonth(int month, bool leap) => month == 2 && leap ? 29 : MonthDays[month - 1];

    // DateTime's own arithmetic (proleptic Gregorian from 0001-01-01) for a date already checked to be in range.
    private static long LocalTicks(int year, int month, int day, bool leap, int hour, int minute, int second)
    {
        var y = year - 1;
        var days = (y * 365) + (y / 4) - (y / 100) + (y / 400) + DaysBeforeMonth[month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
        return (days * TimeSpan.TicksPerDay) + (((hour * 3600L) + (minute * 60) + second) * TimeSpan.TicksPerSecond);
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }

    private static bool Fail(ReadOnlySpan<byte> s, string reason, out string error)
    {
        error = $"'{Encoding.UTF8.GetString(s)}' is not an RFC 3339 timestamp: {reason}.";
        return false;
    }
}
