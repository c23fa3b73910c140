using System.Buffers;
using System.Globalization;
using System.Text;

namespace GasTown.Federation.Model;

/// <summary>
/// Text from other people's files, or a caller's own input, made safe to put in a message: a hostile or mistaken
/// text can neither garble a terminal or log line (an ESC that starts a terminal sequence, a CR or LF that forges a
/// line, a U+202E that draws the rest of the line backwards) nor turn into a huge message.
/// </summary>
internal static class MessageText
{
    /// <summary>The most characters of quoted input a message carries.</summary>
    public const int MaxQuoted = 64;

    /// <summary>
    /// The most characters <see cref="Quote"/> shows of a caller's text. Long enough for any URI, name or token the
    /// SDK gives out (a continuation token is well under it); a longer text is none of those, and its start is enough to
    /// recognise it.
    /// </summary>
    public const int MaxCallerText = 160;

    /// <summary><paramref name="text"/> with control characters as '?' and cut after <paramref name="max"/> characters.</summary>
    public static string Printable(string text, int max = MaxQuoted)
    {
        var length = Math.Min(text.Length, max);
        var printable = string.Create(length, text, static (span, t) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(t[i]) ? '?' : t[i];
            }
        });
        return text.Length > max ? printable + "…" : printable;
    }

    /// <summary>
    /// A caller's text quoted for a message that echoes it (<c>'gt://x&lt;U+001B&gt;[31m'</c>): every character a
    /// terminal or browser would act on or draw as nothing (<see cref="UnsafeCharacters.ShouldShowAsCodePoint"/>, and a
    /// lone surrogate) shown as its code point, so the caller sees exactly what was passed; cut after
    /// <see cref="MaxCallerText"/> characters of the quote, followed then by the text's whole length
    /// (<c>'…'…(100000 chars)</c>).
    /// </summary>
    /// <param name="text">What the caller passed.</param>
    /// <returns>The quoted text, at most <see cref="MaxCallerText"/> characters between the quotes.</returns>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(Math.Min(text.Length, MaxCallerText) + 24).Append('\'');
        var shown = 0;
        var index = 0;
        while (index < text.Length)
        {
            // A lone surrogate is no character at all, and some terminals draw the next one wrong after it.
            var piece = Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != OperationStatus.Done
                ? CodePoint(text[index])
                : UnsafeCharacters.ShouldShowAsCodePoint(rune.Value) ? CodePoint(rune.Value) : text.Substring(index, consumed);
            if (shown + piece.Length > MaxCallerText)
            {
                break;
            }

            quoted.Append(piece);
            shown += piece.Length;
            index += Math.Max(consumed, 1);
        }

        quoted.Append('\'');
        if (index < text.Length)
        {
            quoted.Append("…(").Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        }

        return quoted.ToString();
    }

    private static string CodePoint(int scalar) => string.Create(CultureInfo.InvariantCulture, $"<U+{scalar:X4}>");
}
