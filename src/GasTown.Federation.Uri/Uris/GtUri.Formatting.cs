using System.Text;
using GasTown.Federation.Parsing;

namespace GasTown.Federation;

public readonly partial struct GtUri : ISpanFormattable, IUtf8SpanFormattable
{
    /// <summary>The length of the canonical form in characters (and in UTF-8 bytes: it is ASCII).</summary>
    public int Length => _value?.Length ?? 0;

    /// <summary>Writes the canonical form into <paramref name="destination"/> without allocating.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written; 0 when the span is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        var value = _value.AsSpan();
        if (value.TryCopyTo(destination))
        {
            charsWritten = value.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <summary>Writes the canonical form as UTF-8 into <paramref name="utf8Destination"/> without allocating.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">How many bytes were written; 0 when the span is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="utf8Destination"/> is too small.</returns>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten)
    {
        var value = _value.AsSpan();
        if (value.Length > utf8Destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        Ascii.FromUtf16(value, utf8Destination, out bytesWritten);
        return true;
    }

    /// <summary>The canonical form; the only format is the default one (<see langword="null"/>, empty or "G").</summary>
    /// <param name="format">null, empty or "G".</param>
    /// <param name="formatProvider">Ignored: the form does not depend on culture.</param>
    /// <exception cref="FormatException"><paramref name="format"/> is another format.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        CheckFormat(format);
        return ToString();
    }

    /// <inheritdoc cref="TryFormat(Span{char}, out int)"/>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <param name="format">Empty or "G".</param>
    /// <param name="provider">Ignored.</param>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        CheckFormat(format);
        return TryFormat(destination, out charsWritten);
    }

    /// <inheritdoc cref="TryFormat(Span{byte}, out int)"/>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">How many bytes were written.</param>
    /// <param name="format">Empty or "G".</param>
    /// <param name="provider">Ignored.</param>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        CheckFormat(format);
        return TryFormat(utf8Destination, out bytesWritten);
    }

    private static void CheckFormat(ReadOnlySpan<char> format)
    {
        if (!format.IsEmpty && !format.SequenceEqual("G"))
        {
            throw new FormatException(GtUriMessages.Format(GtUriMessages.UnknownFormat, format.ToString()));
        }
    }
}
