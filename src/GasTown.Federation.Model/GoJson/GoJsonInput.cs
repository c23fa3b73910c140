using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace GasTown.Federation.Model;

/// <summary>
/// Prepares bytes from a file for System.Text.Json so that what it decodes is what Go's <c>encoding/json</c> decodes,
/// and so that no input byte can make it throw anything but <see cref="System.Text.Json.JsonException"/>.
/// </summary>
/// <remarks>
/// <para>
/// Go decodes a string's invalid UTF-8 one byte at a time (<c>utf8.DecodeRune</c> returns <c>RuneError, 1</c>) and
/// writes U+FFFD for each such byte; it decodes a <c>\u</c> escape of a surrogate that is not followed by its pair as
/// U+FFFD too (<c>unquote</c> in <c>decode.go</c>). System.Text.Json instead throws <see cref="InvalidOperationException"/>
/// ("Cannot transcode invalid UTF-8") when such a string is read, which broke every query over a hostile file.
/// <see cref="Normalize(ReadOnlySpan{byte})"/> rewrites exactly those bytes, so the strings read afterwards equal Go's. Outside strings an
/// invalid byte is a syntax error for Go and stays one here (U+FFFD is no JSON token either).
/// </para>
/// <para>A leading UTF-8 byte order mark is skipped by every reader of the SDK (<see cref="SkipBom"/>).</para>
/// </remarks>
internal static class GoJsonInput
{
    /// <summary>The UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> ReplacementCharacter => [0xEF, 0xBF, 0xBD];

    /// <summary>The length of a leading UTF-8 BOM in <paramref name="utf8"/>: 3 or 0.</summary>
    public static int BomLength(ReadOnlySpan<byte> utf8) => utf8.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;

    /// <summary><paramref name="utf8"/> without a leading UTF-8 BOM.</summary>
    public static ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> utf8) => utf8[BomLength(utf8)..];

    /// <summary>
    /// <see cref="Normalize(ReadOnlySpan{byte})"/> for bytes a reader keeps slices of (a work unit's long texts and raw
    /// values): <paramref name="json"/> itself, or the normalised copy. For valid UTF-8 the copy is as long as the input
    /// (<c>\ufffd</c> replaces an escape of the same length), so every offset into it (an id's, a field's) holds.
    /// </summary>
    public static ReadOnlyMemory<byte> Normalize(ReadOnlyMemory<byte> json)
    {
        var normalized = Normalize(json.Span);
        return normalized == json.Span ? json : normalized.ToArray();
    }

    /// <summary>
    /// Returns <paramref name="json"/> itself when System.Text.Json decodes it as Go does, else a copy in which each
    /// invalid UTF-8 byte is U+FFFD and each unpaired surrogate escape inside a string is <c>\ufffd</c>.
    /// </summary>
    public static ReadOnlySpan<byte> Normalize(ReadOnlySpan<byte> json)
    {
        if (Utf8.IsValid(json) && !MayHoldSurrogateEscape(json))
        {
            return json;
        }

        ArrayBufferWriter<byte>? output = null;
        var copied = 0;
        var inString = false;
        var i = 0;
        while (i < json.Length)
        {
            var b = json[i];
            if (b >= 0x80)
            {
                if (Rune.DecodeFromUtf8(json[i..], out _, out var consumed) == OperationStatus.Done)
                {
                    i += consumed;
                    continue;
                }

                Replace(json, ref output, ref copied, i, 1, ReplacementCharacter);
                i++;
                continue;
            }

            if (!inString)
            {
                inString = b == (byte)'"';
                i++;
                continue;
            }

            if (b == (byte)'"')
            {
                inString = false;
                i++;
                continue;
            }

            if (b != (byte)'\\')
            {
                i++;
                continue;
            }

            if (!TryEscapedUnit(json, i, out var unit))
            {
                // Another escape (\n, \", ...): skip the backslash and an ASCII escaped byte, so \" does not end the
                // string. A non-ASCII byte after a backslash is a syntax error; it is left to the UTF-8 check.
                i += i + 1 < json.Length && json[i + 1] < 0x80 ? 2 : 1;
                continue;
            }

            if (char.IsHighSurrogate((char)unit) && TryEscapedUnit(json, i + 6, out var low) && char.IsLowSurrogate((char)low))
            {
                i += 12;
                continue;
            }

            if (char.IsSurrogate((char)unit))
            {
                Replace(json, ref output, ref copied, i, 6, "\\ufffd"u8);
            }

            i += 6;
        }

        if (output is null)
        {
            return json;
        }

        output.Write(json[copied..]);
        return output.WrittenSpan;
    }

    /// <summary>
    /// Whether <paramref name="json"/> holds the bytes of an escaped surrogate (<c>\uD800</c> to <c>\uDFFF</c>, either case):
    /// the one escape System.Text.Json decodes otherwise than Go (when it is not paired), so valid UTF-8 without one needs
    /// no walk. Go escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> as <c>\u003c</c> and the like, so a fifth of the lines
    /// of a real beads file hold some <c>\u</c> escape: walking each of them byte by byte took a load of the 873-line
    /// fixture from 1.0 to 1.9 ms. An escaped backslash before <c>uD800</c> (no escape) matches too; the walk tells them apart.
    /// </summary>
    public static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf("\\u"u8);
        while (at >= 0)
        {
            json = json[(at + 2)..];
            if (json.Length >= 2 && (json[0] | 0x20) == 'd' && json[1] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }

            at = json.IndexOf("\\u"u8);
        }

        return false;
    }

    private static bool TryEscapedUnit(ReadOnlySpan<byte> json, int at, out int unit)
    {
        unit = 0;
        if (at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u')
        {
            return false;
        }

        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = HexValue(json[k]);
            if (digit < 0)
            {
                return false;
            }

            unit = (unit << 4) | digit;
        }

        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static void Replace(ReadOnlySpan<byte> json, ref ArrayBufferWriter<byte>? output, ref int copied, int at, int length, ReadOnlySpan<byte> replacement)
    {
        output ??= new ArrayBufferWriter<byte>(json.Length + 16);
        output.Write(json[copied..at]);
        output.Write(replacement);
        copied = at + length;
    }
}
