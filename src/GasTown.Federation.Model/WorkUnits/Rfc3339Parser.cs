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

        if (!Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-' || !Digits(s, 8, 2, out var day))
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

        if (!Digits(s, 11, 2, out var hour) || s[13] != ':' || !Digits(s, 14, 2, out var minute) || s[16] != ':' || !Digits(s, 17, 2, out var second))
        {
            return Fail(s, "the time at position 11 is not HH:mm:ss", out error);
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), Math.Clamp(month, 1, 12)) || hour > 23 || minute > 59 || second > 59)
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

        var localTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + (nanos / 100);
        utcTicks = localTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return Fail(s, "the instant is outside the range .NET can represent", out error);
        }

        meta = TimestampMeta.Create(offsetMinutes, (int)(nanos % 100)) | flags;
        return true;
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
