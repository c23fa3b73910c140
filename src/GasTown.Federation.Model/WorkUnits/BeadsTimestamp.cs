using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// A beads timestamp: an RFC 3339 instant as upstream's Go code writes it (RFC3339Nano: 0–9 fraction
/// digits with trailing zeros dropped, the writer's own offset, <c>Z</c> for UTC).
/// </summary>
/// <remarks>
/// <para>
/// The original text is kept exactly (<see cref="Text"/>), because <see cref="DateTimeOffset"/> holds only
/// 7 fraction digits and real beads files carry 8 and 9. <see cref="Value"/> is the parsed instant, truncated
/// to 100 ns; <see cref="SubTickNanoseconds"/> holds the 0–99 ns that did not fit.
/// </para>
/// <para>
/// Equality and ordering compare the instant (nanosecond precision), not the text: <c>…T10:00:00Z</c> equals
/// <c>…T02:00:00-08:00</c>. The default value is Go's zero time, <c>0001-01-01T00:00:00Z</c>.
/// </para>
/// </remarks>
public readonly struct BeadsTimestamp : IEquatable<BeadsTimestamp>, IComparable<BeadsTimestamp>, IComparable,
    ISpanFormattable, IUtf8SpanFormattable, ISpanParsable<BeadsTimestamp>, IUtf8SpanParsable<BeadsTimestamp>
{
    // 16 bytes, no string: a large file holds several timestamps per issue. The text is rebuilt from the instant
    // plus a few bits that record how the writer spelled it when that differs from Go's RFC3339Nano (trailing
    // fraction zeros, 't', ' ', 'z', "-00:00", ','), so every accepted text is reproduced exactly.
    private readonly long _utcTicks;
    private readonly int _meta;

    private BeadsTimestamp(long utcTicks, int meta)
    {
        _utcTicks = utcTicks;
        _meta = meta;
    }

    /// <summary>The longest text this type formats: <c>yyyy-MM-ddTHH:mm:ss.fffffffff+HH:MM</c>.</summary>
    internal const int MaxLength = 35;

    private int OffsetMinutes => TimestampMeta.OffsetMinutes(_meta);

    /// <summary>The instant, truncated to 100 ns, with the offset it was written with.</summary>
    public DateTimeOffset Value => new DateTimeOffset(_utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(OffsetMinutes));

    /// <summary>The 0–99 nanoseconds of the instant below <see cref="DateTimeOffset"/>'s 100 ns resolution.</summary>
    public int SubTickNanoseconds => TimestampMeta.SubTick(_meta);

    /// <summary>The exact RFC 3339 text, as read or as Go's RFC3339Nano would write it. Builds a new string on each call.</summary>
    public string Text
    {
        get
        {
            Span<byte> buffer = stackalloc byte[MaxLength];
            TryFormat(buffer, out var n);
            return Encoding.ASCII.GetString(buffer[..n]);
        }
    }

    /// <summary>True when <see cref="Text"/> is exactly what Go's RFC3339Nano formatting of the instant gives.</summary>
    public bool IsCanonical => TimestampMeta.IsCanonical(_meta);

    /// <summary>Parses an RFC 3339 timestamp, keeping its text.</summary>
    /// <param name="text">For example <c>2025-12-14T10:40:20.645402352-07:00</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not an RFC 3339 date-time with at most 9 fraction digits; the message says where.</exception>
    public static BeadsTimestamp Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses an RFC 3339 timestamp from characters, keeping its text.</summary>
    /// <exception cref="FormatException">The text is not an RFC 3339 date-time; the message says where.</exception>
    public static BeadsTimestamp Parse(ReadOnlySpan<char> text)
    {
        if (!TryParse(text, out var result, out var error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    /// <summary>Parses an RFC 3339 timestamp from UTF-8 bytes, keeping its text.</summary>
    /// <exception cref="FormatException">The bytes are not an RFC 3339 date-time; the message says where.</exception>
    public static BeadsTimestamp Parse(ReadOnlySpan<byte> utf8Text)
    {
        if (!TryParse(utf8Text, out var result, out var error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    /// <summary>Tries to parse an RFC 3339 timestamp; false for null or invalid text.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out BeadsTimestamp result)
    {
        if (text is null)
        {
            result = default;
            return false;
        }

        return TryParse(text.AsSpan(), out result, out _);
    }

    /// <summary>Tries to parse an RFC 3339 timestamp from characters; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out BeadsTimestamp result, [NotNullWhen(false)] out string? error)
    {
        if (text.Length > 64 || !Ascii.IsValid(text))
        {
            result = default;
            error = $"'{text}' is not an RFC 3339 timestamp: only ASCII text of at most 64 characters is accepted.";
            return false;
        }

        Span<byte> utf8 = stackalloc byte[text.Length];
        Ascii.FromUtf16(text, utf8, out _);
        return TryParse(utf8, out result, out error);
    }

    /// <summary>Tries to parse an RFC 3339 timestamp from UTF-8 bytes; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out BeadsTimestamp result, [NotNullWhen(false)] out string? error)
    {
        if (!Rfc3339Parser.TryParse(utf8Text, out var utcTicks, out var meta, out error))
        {
            result = default;
            return false;
        }

        result = new BeadsTimestamp(utcTicks, meta);
        return true;
    }

    /// <summary>
    /// Makes a timestamp from an instant, formatted the way Go's RFC3339Nano does: trailing fraction zeros
    /// dropped, no dot when the fraction is zero, the offset kept, <c>Z</c> when the offset is zero.
    /// </summary>
    public static BeadsTimestamp FromDateTimeOffset(DateTimeOffset value) => FromDateTimeOffset(value, 0);

    /// <summary>Like <see cref="FromDateTimeOffset(DateTimeOffset)"/>, with 0–99 extra nanoseconds for full Go precision.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="subTickNanoseconds"/> is not in 0–99.</exception>
    public static BeadsTimestamp FromDateTimeOffset(DateTimeOffset value, int subTickNanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subTickNanoseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subTickNanoseconds, 99);
        return new BeadsTimestamp(value.UtcTicks, TimestampMeta.Create((int)value.TotalOffsetMinutes, subTickNanoseconds));
    }

    /// <summary>Writes <see cref="Text"/> as UTF-8 without allocating (at most 35 bytes).</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten)
        => TimestampFormatter.TryFormat(_utcTicks, _meta, utf8Destination, out bytesWritten);

    /// <summary>Writes <see cref="Text"/> as characters.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        Span<byte> utf8 = stackalloc byte[MaxLength];
        if (!TryFormat(utf8, out var n) || destination.Length < n)
        {
            charsWritten = 0;
            return false;
        }

        Ascii.ToUtf16(utf8[..n], destination, out charsWritten);
        return true;
    }

    /// <summary>Returns <see cref="Text"/>.</summary>
    public override string ToString() => Text;

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => Text;

    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => TryFormat(destination, out charsWritten);

    bool IUtf8SpanFormattable.TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => TryFormat(utf8Destination, out bytesWritten);

    static BeadsTimestamp IParsable<BeadsTimestamp>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<BeadsTimestamp>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out BeadsTimestamp result)
        => TryParse(s, out result);

    static BeadsTimestamp ISpanParsable<BeadsTimestamp>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<BeadsTimestamp>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out BeadsTimestamp result)
        => TryParse(s, out result, out _);

    static BeadsTimestamp IUtf8SpanParsable<BeadsTimestamp>.Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => Parse(utf8Text);

    static bool IUtf8SpanParsable<BeadsTimestamp>.TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out BeadsTimestamp result)
        => TryParse(utf8Text, out result, out _);

    /// <summary>True when both name the same instant to the nanosecond, whatever their offsets or text.</summary>
    public bool Equals(BeadsTimestamp other) => _utcTicks == other._utcTicks && SubTickNanoseconds == other.SubTickNanoseconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BeadsTimestamp other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_utcTicks, SubTickNanoseconds);

    /// <summary>Orders by instant (nanosecond precision).</summary>
    public int CompareTo(BeadsTimestamp other)
    {
        var c = _utcTicks.CompareTo(other._utcTicks);
        return c != 0 ? c : SubTickNanoseconds.CompareTo(other.SubTickNanoseconds);
    }

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        BeadsTimestamp other => CompareTo(other),
        _ => throw new ArgumentException($"Expected a {nameof(BeadsTimestamp)}.", nameof(obj)),
    };

    /// <summary>Same instant.</summary>
    public static bool operator ==(BeadsTimestamp left, BeadsTimestamp right) => left.Equals(right);

    /// <summary>Different instants.</summary>
    public static bool operator !=(BeadsTimestamp left, BeadsTimestamp right) => !left.Equals(right);

    /// <summary>Earlier instant.</summary>
    public static bool operator <(BeadsTimestamp left, BeadsTimestamp right) => left.CompareTo(right) < 0;

    /// <summary>Later instant.</summary>
    public static bool operator >(BeadsTimestamp left, BeadsTimestamp right) => left.CompareTo(right) > 0;

    /// <summary>Earlier or same instant.</summary>
    public static bool operator <=(BeadsTimestamp left, BeadsTimestamp right) => left.CompareTo(right) <= 0;

    /// <summary>Later or same instant.</summary>
    public static bool operator >=(BeadsTimestamp left, BeadsTimestamp right) => left.CompareTo(right) >= 0;
}
