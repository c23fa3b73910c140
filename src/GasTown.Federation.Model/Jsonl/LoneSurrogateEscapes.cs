namespace GasTown.Federation.Model;

/// <summary>
/// A JSON line's <c>\uD800</c>-style escapes of half a surrogate pair, read as Go's encoding/json reads them: each is
/// U+FFFD. JSON's grammar allows such an escape, and beads (Go) reads the line with the replacement character in its
/// place; System.Text.Json refuses to decode one ("Cannot read invalid UTF-16 JSON text as string"), only when a string
/// is decoded. Unhandled, one such escape in a remote's line made every later decode throw: the whole chain unreadable
/// (validation never decodes, building does), or a <c>--json</c> answer cut off half-written (kept raw values are decoded
/// only when written).
/// </summary>
/// <remarks>
/// The replacement escape <c>\ufffd</c> is as long as the one it replaces, so every offset into the line (the id's, a
/// field's) is the same in both.
/// </remarks>
internal static class LoneSurrogateEscapes
{
    /// <summary>
    /// <paramref name="line"/> itself when it holds no escape of half a surrogate pair (the usual case: one vectorised
    /// search for a backslash, then a look at each escape); otherwise a copy with each such escape written <c>\ufffd</c>.
    /// </summary>
    /// <param name="line">A line's bytes, valid UTF-8.</param>
    /// <returns>The line, or its copy with the replacements.</returns>
    public static ReadOnlyMemory<byte> Replace(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        byte[]? copy = null;
        var at = span.IndexOf((byte)'\\');
        while (at >= 0 && at + 1 < span.Length)
        {
            var length = 2;
            if (span[at + 1] == (byte)'u' && TryHex(span, at + 2, out var unit))
            {
                length = 6;
                if (char.IsHighSurrogate((char)unit) && at + 11 < span.Length && span[at + 6] == (byte)'\\' && span[at + 7] == (byte)'u'
                    && TryHex(span, at + 8, out var low) && char.IsLowSurrogate((char)low))
                {
                    length = 12;
                }
                else if (char.IsSurrogate((char)unit))
                {
                    copy ??= span.ToArray();
                    "\\ufffd"u8.CopyTo(copy.AsSpan(at));
                }
            }

            var next = at + length;
            if (next >= span.Length)
            {
                break;
            }

            var following = span[next..].IndexOf((byte)'\\');
            at = following < 0 ? -1 : next + following;
        }

        return copy is null ? line : copy;
    }

    private static bool TryHex(ReadOnlySpan<byte> span, int start, out int value)
    {
        value = 0;
        if (start + 4 > span.Length)
        {
            return false;
        }

        for (var i = start; i < start + 4; i++)
        {
            var digit = HexDigit(span[i]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
