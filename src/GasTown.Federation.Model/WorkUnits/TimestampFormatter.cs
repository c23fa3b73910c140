namespace GasTown.Federation.Model;

/// <summary>Formats a <see cref="BeadsTimestamp"/> as Go's RFC3339Nano, or as the unusual spelling it was read with.</summary>
internal static class TimestampFormatter
{
    public static bool TryFormat(long utcTicks, int meta, Span<byte> destination, out int written)
    {
        written = 0;
        var offsetMinutes = TimestampMeta.OffsetMinutes(meta);
        var localTicks = utcTicks + (offsetMinutes * TimeSpan.TicksPerMinute);
        var local = new DateTime(Math.Clamp(localTicks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Unspecified);
        var nanos = ((int)(localTicks % TimeSpan.TicksPerSecond) * 100) + TimestampMeta.SubTick(meta);

        int fractionDigits;
        int fraction;
        if ((meta & TimestampMeta.ExplicitDigits) != 0)
        {
            fractionDigits = TimestampMeta.Digits(meta);
            fraction = nanos;
            for (var i = fractionDigits; i < 9; i++)
            {
                fraction /= 10;
            }
        }
        else
        {
            // Go's RFC3339Nano: trailing zeros dropped, no dot at all when the fraction is zero.
            fractionDigits = 9;
            fraction = nanos;
            while (fractionDigits > 0 && fraction % 10 == 0)
            {
                fraction /= 10;
                fractionDigits--;
            }
        }

        var zulu = offsetMinutes == 0 && (meta & (TimestampMeta.NumericZeroOffset | TimestampMeta.NegativeZeroOffset)) == 0;
        var length = 19 + (fractionDigits > 0 ? 1 + fractionDigits : 0) + (zulu ? 1 : 6);
        if (destination.Length < length)
        {
            return false;
        }

        WriteDigits(destination, 0, local.Year, 4);
        destination[4] = (byte)'-';
        WriteDigits(destination, 5, local.Month, 2);
        destination[7] = (byte)'-';
        WriteDigits(destination, 8, local.Day, 2);
        destination[10] = (meta & TimestampMeta.LowerT) != 0 ? (byte)'t' : (meta & TimestampMeta.SpaceSeparator) != 0 ? (byte)' ' : (byte)'T';
        WriteDigits(destination, 11, local.Hour, 2);
        destination[13] = (byte)':';
        WriteDigits(destination, 14, local.Minute, 2);
        destination[16] = (byte)':';
        WriteDigits(destination, 17, local.Second, 2);
        var pos = 19;
        if (fractionDigits > 0)
        {
            destination[pos++] = (meta & TimestampMeta.CommaSeparator) != 0 ? (byte)',' : (byte)'.';
            WriteDigits(destination, pos, fraction, fractionDigits);
            pos += fractionDigits;
        }

        if (zulu)
        {
            destination[pos++] = (meta & TimestampMeta.LowerZ) != 0 ? (byte)'z' : (byte)'Z';
        }
        else
        {
            var minutes = offsetMinutes;
            destination[pos++] = minutes < 0 || (meta & TimestampMeta.NegativeZeroOffset) != 0 ? (byte)'-' : (byte)'+';
            minutes = Math.Abs(minutes);
            WriteDigits(destination, pos, minutes / 60, 2);
            destination[pos + 2] = (byte)':';
            WriteDigits(destination, pos + 3, minutes % 60, 2);
            pos += 5;
        }

        written = pos;
        return true;
    }

    private static void WriteDigits(Span<byte> destination, int start, int value, int count)
    {
        for (var i = start + count - 1; i >= start; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
