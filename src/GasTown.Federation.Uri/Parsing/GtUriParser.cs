using System.Runtime.CompilerServices;
using System.Text;

namespace GasTown.Federation.Parsing;

/// <summary>
/// The one parser behind every <see cref="GtUri"/> entry point. Canonical <c>gt://</c> text, nearly every input, takes
/// one vector read (<see cref="TryParseCanonical"/>); anything else (the <c>hop://</c> alias, long input, rare shapes,
/// errors) takes the general path, which walks the input segment by segment and reports the leftmost problem. When the
/// input is already canonical and came as a string, the resulting <see cref="GtUri"/> keeps that very string: parsing
/// allocates nothing.
/// </summary>
internal static class GtUriParser
{
    /// <summary>The canonical scheme and separator.</summary>
    public const string CanonicalPrefix = "gt://";

    /// <summary>Parses UTF-16 text. <paramref name="source"/> is the string <paramref name="s"/> spans, if any, to reuse it.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, string? source, out GtUri result, out ParseFailure failure)
    {
        if (TryParseCanonical(s, source, out result))
        {
            failure = default;
            return true;
        }

        return TryParseOther(s, source, out result, out failure);
    }

    /// <summary>Parses UTF-16 text, reporting no error (the hot path then holds no failure to clear).</summary>
    public static bool TryParse(ReadOnlySpan<char> s, string? source, out GtUri result)
        => TryParseCanonical(s, source, out result) || TryParseOther(s, source, out result);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseOther(ReadOnlySpan<char> s, string? source, out GtUri result) => TryParseOther(s, source, out result, out _);

    /// <summary>Everything <see cref="TryParseCanonical"/> leaves: other schemes, long input, rare shapes and errors.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseOther(ReadOnlySpan<char> s, string? source, out GtUri result, out ParseFailure failure)
    {
        if (TryParseCore(s, source, out result, out failure))
        {
            return true;
        }

        if (failure.Kind == GtUriError.NonAsciiCharacter)
        {
            // Show the whole code point, not half of a surrogate pair.
            var status = Rune.DecodeFromUtf16(s[failure.Position..], out var rune, out _);
            failure = failure with { Argument = status == System.Buffers.OperationStatus.Done ? rune.Value : 0xFFFD };
        }

        return false;
    }

    /// <summary>
    /// Parses UTF-8 bytes. Every valid URI is ASCII, so the bytes are widened one to one into a stack buffer
    /// (a non-ASCII byte becomes U+0080, which every part rejects), which keeps byte positions and makes the
    /// UTF-8 and UTF-16 parsers agree by construction. The canonical string is allocated once. The buffer is not
    /// zeroed first (SkipLocalsInit): <see cref="Widen"/> writes every character of it.
    /// </summary>
    [SkipLocalsInit]
    public static bool TryParseUtf8(ReadOnlySpan<byte> utf8, out GtUri result, out ParseFailure failure)
    {
        if (utf8.Length > GtUriLimits.MaxUriLength)
        {
            result = default;
            failure = new ParseFailure(GtUriLimits.MaxUriLength, GtUriError.TooLong, GtUriMessages.TooLong, GtUriLimits.MaxUriLength);
            return false;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        Widen(utf8, chars);
        if (TryParseCanonical(chars, null, out result))
        {
            failure = default;
            return true;
        }

        if (TryParseCore(chars, null, out result, out failure))
        {
            return true;
        }

        if (failure.Kind == GtUriError.NonAsciiCharacter)
        {
            var status = Rune.DecodeFromUtf8(utf8[failure.Position..], out var rune, out _);
            failure = failure with { Argument = status == System.Buffers.OperationStatus.Done ? rune.Value : 0xFFFD };
        }

        return false;
    }

    /// <summary>Copies ASCII bytes to chars one to one; any byte of 0x80 or more becomes U+0080.</summary>
    public static void Widen(ReadOnlySpan<byte> utf8, Span<char> chars)
    {
        if (Ascii.ToUtf16(utf8, chars, out var written) == System.Buffers.OperationStatus.Done)
        {
            return;
        }

        for (var i = written; i < utf8.Length; i++)
        {
            var b = utf8[i];
            chars[i] = b < 0x80 ? (char)b : '\u0080';
        }
    }

    /// <summary>
    /// The hot path: <c>gt://</c> text. Up to 63 characters after the scheme, on vector hardware, one vector read
    /// classifies and checks everything, and the result keeps the offsets it found; otherwise the scalar fast path
    /// does. Returns false, with nothing reported, for anything else (another scheme, an error, a rare valid shape): the
    /// caller then takes the general path, which finds the problem or accepts the input.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseCanonical(ReadOnlySpan<char> s, string? source, out GtUri result)
    {
        if (s.StartsWith(CanonicalPrefix, StringComparison.Ordinal)
            && (GtUriVectorPath.IsSupported && s.Length - CanonicalPrefix.Length <= GtUriVectorPath.MaxLength
                ? GtUriVectorPath.TryRead(s, CanonicalPrefix.Length, out var layout)
                : GtUriFastPath.TryRead(s, CanonicalPrefix.Length, out layout)))
        {
            var value = layout.HasUpper
                ? BuildCanonical(s, CanonicalPrefix.Length, layout.EntityEnd)
                : source is not null && source.Length == s.Length ? source : new string(s);
            result = new GtUri(value, layout.Kind, layout.EntityEnd, layout.At, layout.ChainEnd, layout.RigEnd);
            return true;
        }

        result = default;
        return false;
    }

    private static bool TryParseCore(ReadOnlySpan<char> s, string? source, out GtUri result, out ParseFailure failure)
    {
        result = default;
        if (s.IsEmpty)
        {
            failure = new ParseFailure(0, GtUriError.Empty, GtUriMessages.Empty);
            return false;
        }

        if (s.Length > GtUriLimits.MaxUriLength)
        {
            failure = new ParseFailure(GtUriLimits.MaxUriLength, GtUriError.TooLong, GtUriMessages.TooLong, GtUriLimits.MaxUriLength);
            return false;
        }

        int start;
        bool canonical;
        if (s.StartsWith(CanonicalPrefix, StringComparison.Ordinal))
        {
            start = CanonicalPrefix.Length;
            canonical = true;
        }
        else if (s.StartsWith("hop://", StringComparison.OrdinalIgnoreCase))
        {
            // The alias, in any case: what TryReadScheme would find, without searching for the separator.
            start = 6;
            canonical = false;
        }
        else if (TryReadScheme(s, out start, out failure))
        {
            canonical = false;
        }
        else
        {
            return false;
        }

        var length = s.Length - start;
        var fast = length is > 0 and <= GtUriVectorPath.MaxLength && GtUriVectorPath.IsSupported
            ? GtUriVectorPath.TryRead(s, start, out var layout)
            : GtUriFastPath.TryRead(s, start, out layout);

        // Only hop:// can be the Wasteland's (the canonical gt:// path above never pays for this check), and only when
        // its first segment has neither '.' nor '@': an entity the fast path read with either cannot be, so the check,
        // which must come before any grammar error, is left for the rest.
        if (start == 6
            && (!fast || (layout.At < 0 && !s[start..layout.EntityEnd].Contains('.')))
            && WastelandShape.Matches(s[start..]))
        {
            failure = new ParseFailure(start, GtUriError.WastelandReference, GtUriMessages.WastelandReference);
            return false;
        }

        if (!fast && !TryReadPrecise(s, start, out layout, out failure))
        {
            return false;
        }

        canonical &= !layout.HasUpper;
        var entityEnd = layout.EntityEnd;
        var shift = CanonicalPrefix.Length - start;
        string value;
        if (canonical)
        {
            value = source is not null && source.Length == s.Length ? source : s.ToString();
        }
        else
        {
            value = BuildCanonical(s, start, entityEnd);
        }

        result = new GtUri(
            value,
            layout.Kind,
            entityEnd + shift,
            layout.At < 0 ? -1 : layout.At + shift,
            layout.ChainEnd == 0 ? 0 : layout.ChainEnd + shift,
            layout.RigEnd == 0 ? 0 : layout.RigEnd + shift);
        failure = default;
        return true;
    }

    /// <summary>The precise path: validates part by part and reports the leftmost problem.</summary>
    internal static bool TryReadPrecise(ReadOnlySpan<char> s, int start, out UriLayout layout, out ParseFailure failure)
    {
        layout = default;
        var afterScheme = s[start..];
        var slash = afterScheme.IndexOf('/');
        var entity = slash < 0 ? afterScheme : afterScheme[..slash];
        if (!PartValidator.TryValidateEntity(entity, out var at, out var hasUpper, out failure))
        {
            failure = failure.Shift(start);
            return false;
        }

        var entityEnd = start + entity.Length;
        var chainEnd = 0;
        var rigEnd = 0;
        var kind = GtUriKind.Entity;

        var count = 0;
        var position = entityEnd;
        while (position < s.Length)
        {
            // s[position] is '/'.
            var segmentStart = position + 1;
            if (segmentStart == s.Length)
            {
                failure = new ParseFailure(position, GtUriError.TrailingSlash, GtUriMessages.TrailingSlash);
                return false;
            }

            if (count == 3)
            {
                failure = new ParseFailure(position, GtUriError.TooManySegments, GtUriMessages.TooManySegments);
                return false;
            }

            var next = s[segmentStart..].IndexOf('/');
            var segmentEnd = next < 0 ? s.Length : segmentStart + next;
            var segment = s[segmentStart..segmentEnd];

            // Segment 1 is the chain; segment 2 is a rig if another follows, else the work id; segment 3 a work id.
            var isWorkId = count == 2 || (count == 1 && next < 0);
            var valid = isWorkId
                ? PartValidator.TryValidateWorkId(segment, out failure)
                : PartValidator.TryValidateName(segment, out failure);
            if (!valid)
            {
                failure = failure.Shift(segmentStart);
                return false;
            }

            switch (count)
            {
                case 0:
                    chainEnd = segmentEnd;
                    kind = GtUriKind.Chain;
                    break;
                case 1:
                    kind = GtUriKind.WorkUnit;
                    if (next >= 0)
                    {
                        rigEnd = segmentEnd;
                    }

                    break;
                default:
                    break;
            }

            count++;
            position = segmentEnd;
        }

        layout = new UriLayout(entityEnd, at < 0 ? -1 : start + at, hasUpper, chainEnd, rigEnd, kind);
        failure = default;
        return true;
    }

    /// <summary>Writes <c>gt://</c>, the entity in lower case and the rest straight into the new string (no buffer).</summary>
    private static string BuildCanonical(ReadOnlySpan<char> s, int start, int entityEnd)
        => string.Create(s.Length - start + CanonicalPrefix.Length, new CanonicalParts(s[start..entityEnd], s[entityEnd..]), static (buffer, parts) =>
        {
            CanonicalPrefix.AsSpan().CopyTo(buffer);
            Ascii.ToLower(parts.Entity, buffer[CanonicalPrefix.Length..], out _);
            parts.Rest.CopyTo(buffer[(CanonicalPrefix.Length + parts.Entity.Length)..]);
        });

    /// <summary>The two parts of an input that <see cref="BuildCanonical"/> copies.</summary>
    private readonly ref struct CanonicalParts(ReadOnlySpan<char> entity, ReadOnlySpan<char> rest)
    {
        public ReadOnlySpan<char> Entity { get; } = entity;

        public ReadOnlySpan<char> Rest { get; } = rest;
    }

    private static bool TryReadScheme(ReadOnlySpan<char> s, out int start, out ParseFailure failure)
    {
        start = 0;
        var separator = s.IndexOf("://", StringComparison.Ordinal);
        var schemeEnd = separator >= 0 ? separator : s.IndexOfAny(':', '/');
        if (schemeEnd < 0)
        {
            schemeEnd = s.Length;
        }

        // A space, NUL or '%' before the separator is named as such; other characters mean there is no scheme.
        var scheme = s[..schemeEnd];
        var allLetters = true;
        for (var i = 0; i < scheme.Length; i++)
        {
            if (!char.IsAsciiLetter(scheme[i]))
            {
                failure = PartValidator.ClassifyNameCharacter(scheme[i], i);
                if (failure.Kind != GtUriError.InvalidCharacter)
                {
                    return false;
                }

                allLetters = false;
                break;
            }
        }

        if (separator < 0)
        {
            // After a scheme written without its "://" ("gt:acme.com", "gt"), the place it is missing; anywhere else (a
            // word such as "notauri", a bare "acme.com/eng") the text has no scheme at all: position 0.
            var isScheme = allLetters && (scheme.Equals("gt", StringComparison.OrdinalIgnoreCase) || scheme.Equals("hop", StringComparison.OrdinalIgnoreCase));
            failure = new ParseFailure(isScheme ? schemeEnd : 0, GtUriError.MissingScheme, GtUriMessages.MissingScheme);
            return false;
        }

        if (!scheme.Equals("gt", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("hop", StringComparison.OrdinalIgnoreCase))
        {
            failure = new ParseFailure(0, GtUriError.UnsupportedScheme, GtUriMessages.UnsupportedScheme);
            return false;
        }

        start = separator + 3;
        failure = default;
        return true;
    }
}
