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

    /// <summary>An instant as every message writes one: UTC to the second, <c>2026-01-31 12:00:00Z</c>.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="text"/> (someone else's, shown inside a message) with every character a terminal or browser would
    /// act on or draw as nothing shown as its code point (<c>&lt;U+001B&gt;</c>), as <see cref="Quote"/> shows them, and
    /// cut with '…' after <paramref name="max"/> characters of the result.
    /// </summary>
    /// <param name="text">The text to show.</param>
    /// <param name="max">The most characters shown.</param>
    /// <returns>The text safe to put in a message.</returns>
    public static string Printable(string text, int max = MaxQuoted)
    {
        var shown = new StringBuilder(Math.Min(text.Length, max) + 1);
        var index = 0;
        while (index < text.Length)
        {
            var piece = Piece(text, index, out var consumed);
            if (shown.Length + piece.Length > max)
            {
                return shown.Append('…').ToString();
            }

            shown.Append(piece);
            index += consumed;
        }

        return shown.ToString();
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
            var piece = Piece(text, index, out var consumed);
            if (shown + piece.Length > MaxCallerText)
            {
                break;
            }

            quoted.Append(piece);
            shown += piece.Length;
            index += consumed;
        }

        quoted.Append('\'');
        if (index < text.Length)
        {
            quoted.Append("…(").Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        }

        return quoted.ToString();
    }

    /// <summary>The character at <paramref name="index"/> as it is shown: itself, or its code point when unsafe.</summary>
    private static string Piece(string text, int index, out int consumed)
    {
        // A lone surrogate is no character at all, and some terminals draw the next one wrong after it.
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out consumed) != OperationStatus.Done)
        {
            consumed = 1;
            return CodePoint(text[index]);
        }

        return UnsafeCharacters.ShouldShowAsCodePoint(rune.Value) ? CodePoint(rune.Value) : text.Substring(index, consumed);
    }

    private static string CodePoint(int scalar) => string.Create(CultureInfo.InvariantCulture, $"<U+{scalar:X4}>");
}
