using System.Diagnostics.CodeAnalysis;
using GasTown.Federation.Parsing;

namespace GasTown.Federation;

public readonly partial struct GtUri : ISpanParsable<GtUri>, IUtf8SpanParsable<GtUri>
{
    /// <summary>Parses a <c>gt://</c> or <c>hop://</c> URI.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The URI in canonical form.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="GtUriFormatException">The text is not a valid URI; the exception gives the position and the reason.</exception>
    public static GtUri Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return GtUriParser.TryParse(s, s, out var uri, out var failure) ? uri : throw new GtUriFormatException(failure.ToError());
    }

    /// <summary>Parses a <c>gt://</c> or <c>hop://</c> URI from characters (allocates the canonical string once).</summary>
    /// <param name="s">The text.</param>
    /// <returns>The URI in canonical form.</returns>
    /// <exception cref="GtUriFormatException">The text is not a valid URI.</exception>
    public static GtUri Parse(ReadOnlySpan<char> s)
        => GtUriParser.TryParse(s, null, out var uri, out var failure) ? uri : throw new GtUriFormatException(failure.ToError());

    /// <summary>Parses a <c>gt://</c> or <c>hop://</c> URI from UTF-8 bytes (allocates the canonical string once).</summary>
    /// <param name="utf8Text">The UTF-8 bytes.</param>
    /// <returns>The URI in canonical form.</returns>
    /// <exception cref="GtUriFormatException">The bytes are not a valid URI; the position is a byte offset.</exception>
    public static GtUri Parse(ReadOnlySpan<byte> utf8Text)
        => GtUriParser.TryParseUtf8(utf8Text, out var uri, out var failure) ? uri : throw new GtUriFormatException(failure.ToError());

    /// <summary>
    /// Tries to parse a URI. Never throws. When <paramref name="s"/> is already canonical the result keeps
    /// that string, so this allocates nothing.
    /// </summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="uri">The URI, or <c>default</c> on failure.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid URI.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out GtUri uri)
    {
        if (s is null)
        {
            uri = default;
            return false;
        }

        return GtUriParser.TryParse(s, s, out uri);
    }

    /// <summary>Tries to parse a URI and says why it failed. Never throws.</summary>
    /// <param name="s">The text, possibly <see langword="null"/>.</param>
    /// <param name="uri">The URI, or <c>default</c> on failure.</param>
    /// <param name="error">On failure, the position, kind and message; <c>default</c> on success.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid URI.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out GtUri uri, out GtUriParseError error)
    {
        if (s is null)
        {
            uri = default;
            error = new ParseFailure(0, GtUriError.Empty, GtUriMessages.Empty).ToError();
            return false;
        }

        return Report(GtUriParser.TryParse(s, s, out uri, out var failure), failure, out error);
    }

    /// <summary>Tries to parse a URI from characters. Never throws.</summary>
    /// <param name="s">The text.</param>
    /// <param name="uri">The URI, or <c>default</c> on failure.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid URI.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out GtUri uri) => GtUriParser.TryParse(s, null, out uri);

    /// <summary>Tries to parse a URI from characters and says why it failed. Never throws.</summary>
    /// <param name="s">The text.</param>
    /// <param name="uri">The URI, or <c>default</c> on failure.</param>
    /// <param name="error">On failure, the position, kind and message; <c>default</c> on success.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid URI.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out GtUri uri, out GtUriParseError error)
        => Report(GtUriParser.TryParse(s, null, out uri, out var failure), failure, out error);

    /// <summary>Tries to parse a URI from UTF-8 bytes. Never throws.</summary>
    /// <param name="utf8Text">The UTF-8 bytes.</param>
    /// <param name="uri">The URI, or <c>default</c> on failure.</param>
    /// <returns><see langword="true"/> when the bytes are a valid URI.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out GtUri uri) => GtUriParser.TryParseUtf8(utf8Text, out uri, out _);

    /// <summary>Tries to parse a URI from UTF-8 bytes and says why it failed. Never throws.</summary>
    /// <param name="utf8Text">The UTF-8 bytes.</param>
    /// <param name="uri">The URI, or <c>default</c> on failure.</param>
    /// <param name="error">On failure, the byte position, kind and message; <c>default</c> on success.</param>
    /// <returns><see langword="true"/> when the bytes are a valid URI.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out GtUri uri, out GtUriParseError error)
        => Report(GtUriParser.TryParseUtf8(utf8Text, out uri, out var failure), failure, out error);

    /// <inheritdoc/>
    static GtUri IParsable<GtUri>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool IParsable<GtUri>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out GtUri result) => TryParse(s, out result);

    /// <inheritdoc/>
    static GtUri ISpanParsable<GtUri>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool ISpanParsable<GtUri>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out GtUri result) => TryParse(s, out result);

    /// <inheritdoc/>
    static GtUri IUtf8SpanParsable<GtUri>.Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => Parse(utf8Text);

    /// <inheritdoc/>
    static bool IUtf8SpanParsable<GtUri>.TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out GtUri result) => TryParse(utf8Text, out result);

    private static bool Report(bool ok, ParseFailure failure, out GtUriParseError error)
    {
        error = ok ? default : failure.ToError();
        return ok;
    }
}
