using System.Globalization;
using System.Text;
using GasTown.Federation.Model;
using Spectre.Console;

namespace GtFed;

/// <summary>
/// Makes text from a chain (someone else's data) safe to print on a terminal: C0 and C1 controls (ESC, BEL, CR...),
/// Unicode bidi marks, overrides and isolates, and characters a terminal draws as nothing (zero-width space, word joiner,
/// soft hyphen, byte order mark, tag characters...) are shown as <c>&lt;U+202E&gt;</c>, as <c>less</c> shows them and as
/// GtWeb's pages do (the SDK's one list, <see cref="UnsafeCharacters"/>): a title cannot retitle the window, clear the
/// screen, forge lines or reorder what the reader sees, <c>al&#x200B;ice</c> cannot pass for <c>alice</c>, and the
/// trick stays visible (dropped, a right-to-left override made <c>all good</c>, U+202E, <c>exe.txt</c> read as an
/// honest <c>all goodexe.txt</c>, and a mistyped reference looked valid in its error). Line feeds, tabs and the Unicode line
/// and paragraph separators become spaces (or line feeds, in <c>multiline</c> text), a CR before a line feed is dropped.
/// JSON output escapes all of these instead.
/// </summary>
internal static class TerminalText
{
    /// <summary>The text with controls, bidi controls and invisible characters shown by code point; newlines kept only when <paramref name="multiline"/>, else made spaces.</summary>
    public static string Clean(string? text, bool multiline = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = true;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]) || text[i] == '\n' || InvisibleAt(text, i))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' || c == '\t' || c == '\u2028' || c == '\u2029')
            {
                builder.Append(multiline && c != '\t' ? '\n' : ' ');
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                // A Windows line ending is one line feed.
            }
            else if (IsUnsafe(c) || InvisibleAt(text, i))
            {
                var codePoint = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? char.ConvertToUtf32(c, text[++i]) : c;
                builder.Append("<U+").Append(codePoint.ToString("X4", CultureInfo.InvariantCulture)).Append('>');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The most text elements of a title a row or a line about another unit shows (<see cref="Cut"/>).</summary>
    public const int MaxTitleElements = 200;

    /// <summary>
    /// At most <paramref name="max"/> text elements of <paramref name="text"/> (never half a surrogate pair or of a
    /// grapheme), then "… (N more characters)": a chain's title has no length limit but its line's, and a table lays
    /// each cell out whole, so one megabyte title would fill the screen and the table's memory. Still to be cleaned
    /// (<see cref="Clean"/>, <see cref="Markup"/>); <c>show</c> prints its own unit's title whole.
    /// </summary>
    public static string Cut(string? text, int max = MaxTitleElements)
    {
        if (string.IsNullOrEmpty(text) || text.Length <= max)
        {
            return text ?? string.Empty;
        }

        var end = EndOfElements(text, max);
        return end >= text.Length ? text : string.Concat(text.AsSpan(0, end), $"… ({(text.Length - end).ToString("N0", CultureInfo.InvariantCulture)} more characters)");
    }

    /// <summary>The most text elements a table's word column (a status, a type) shows (<see cref="CutWord"/>).</summary>
    public const int MaxWordElements = 24;

    /// <summary>
    /// A one-word value (a status, a type) cut to <see cref="MaxWordElements"/> text elements and "…": a chain's status
    /// can be any text, and a 100-character one widened its table's column until the titles were three letters wide, or
    /// the table gave up to a single "…" line. The table's own column stays narrow; <c>show</c> prints the value whole.
    /// </summary>
    public static string CutWord(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length <= MaxWordElements)
        {
            return text ?? string.Empty;
        }

        var end = EndOfElements(text, MaxWordElements);
        return end >= text.Length ? text : string.Concat(text.AsSpan(0, end), "…");
    }

    // Where the first max text elements of text end: never inside a surrogate pair or a grapheme.
    private static int EndOfElements(string text, int max)
    {
        var end = 0;
        for (var elements = 0; elements < max && end < text.Length; elements++)
        {
            end += StringInfo.GetNextTextElementLength(text, end);
        }

        return end;
    }

    /// <summary><see cref="Clean"/>, then escaped for Spectre markup.</summary>
    public static string Markup(object? value, bool multiline = false) => Spectre.Console.Markup.Escape(Clean(value?.ToString(), multiline));

    // The SDK's list (UnsafeCharacters), one for every frontend: GtWeb's encoder shows the same characters.
    private static bool IsUnsafe(char c) => UnsafeCharacters.IsLayoutControl(c);

    /// <summary>
    /// Whether the character at <paramref name="i"/> is one a terminal draws as nothing (Unicode's default-ignorable
    /// code points that are not layout controls, shown anyway). The joiners U+200C and U+200D and the variation
    /// selectors are left alone where they do their work: a joiner between two visible characters outside ASCII (emoji
    /// sequences, Persian and Indic words), a variation selector after one (an emoji's presentation, an ideograph's
    /// variant) or in a keycap (<c>1</c>, U+FE0F, U+20E3), and the tag characters of the three flags Unicode recommends
    /// (England, Scotland, Wales). Beside ASCII, or beside a character shown as a code point, they
    /// only hide, so they are shown.
    /// </summary>
    private static bool InvisibleAt(string text, int i)
    {
        if (!IsDefaultIgnorable(text, i))
        {
            return false;
        }

        return text[i] switch
        {
            '\u200C' or '\u200D' => !(JoinsAfter(text, i - 1) && IsVisibleOutsideAscii(text, i + 1)),
            >= '\uFE00' and <= '\uFE0F' => !(IsVisibleOutsideAscii(text, i - 1) || IsKeycap(text, i)),
            '\uDB40' when PairAt(text, i, '\uDC00', '\uDC7F') => !InRecommendedFlag(text, i),
            '\uDB40' when PairAt(text, i, '\uDD00', '\uDDEF') => !IsVisibleOutsideAscii(text, i - 1), // variation selectors 17-256
            _ => true,
        };
    }

    // Drawn as nothing (UnsafeCharacters.IsDefaultIgnorable), whatever surrounds it; for a pair, at its high half.
    private static bool IsDefaultIgnorable(string text, int i)
    {
        var c = text[i];
        var scalar = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? char.ConvertToUtf32(c, text[i + 1]) : c;
        return UnsafeCharacters.IsDefaultIgnorable(scalar);
    }

    // The surrogate pair at i whose low half is within [low, high].
    private static bool PairAt(string text, int i, char low, char high) => i + 1 < text.Length && text[i + 1] >= low && text[i + 1] <= high;

    // The character at j (either half of a pair) is printed as itself and is not ASCII: the context a joiner or selector
    // works in. A default-ignorable character never is, whether or not it is shown, so this never asks InvisibleAt.
    private static bool IsVisibleOutsideAscii(string text, int j)
    {
        if (j < 0 || j >= text.Length || text[j] <= '\u007F' || IsUnsafe(text[j]))
        {
            return false;
        }

        if (char.IsLowSurrogate(text[j]))
        {
            return j > 0 && char.IsHighSurrogate(text[j - 1]) && !IsDefaultIgnorable(text, j - 1);
        }

        if (char.IsHighSurrogate(text[j]))
        {
            return j + 1 < text.Length && char.IsLowSurrogate(text[j + 1]) && !IsDefaultIgnorable(text, j);
        }

        return !IsDefaultIgnorable(text, j);
    }

    // What a joiner may follow: a visible character outside ASCII, or a variation selector kept after one (U+2764 U+FE0F
    // U+200D U+1F525 is one emoji).
    private static bool JoinsAfter(string text, int j) =>
        IsVisibleOutsideAscii(text, j) || (j > 0 && text[j] is >= '\uFE00' and <= '\uFE0F' && IsVisibleOutsideAscii(text, j - 1));

    // 0-9, # or * with U+FE0F before U+20E3, the combining enclosing keycap.
    private static bool IsKeycap(string text, int i) =>
        text[i] == '\uFE0F' && i > 0 && text[i - 1] is (>= '0' and <= '9') or '#' or '*' && i + 1 < text.Length && text[i + 1] == '\u20E3';

    // Whether the tag character at i belongs to U+1F3F4 followed by the tags of "gbeng", "gbsct" or "gbwls" and the cancel
    // tag U+E007F: the subdivision flags Unicode recommends. Any other tag sequence is shown, whatever it follows.
    private static bool InRecommendedFlag(string text, int i)
    {
        var start = i;
        while (start >= 2 && text[start - 2] == '\uDB40' && text[start - 1] is >= '\uDC00' and <= '\uDC7F')
        {
            start -= 2;
        }

        if (start < 2 || text[start - 2] != '\uD83C' || text[start - 1] != '\uDFF4')
        {
            return false;
        }

        var letters = new StringBuilder(5);
        for (var j = start; j + 1 < text.Length && text[j] == '\uDB40' && text[j + 1] is >= '\uDC00' and <= '\uDC7F'; j += 2)
        {
            if (text[j + 1] == '\uDC7F')
            {
                return letters.ToString() is "gbeng" or "gbsct" or "gbwls";
            }

            if (letters.Length == 5)
            {
                return false;
            }

            letters.Append((char)(text[j + 1] - '\uDC00'));
        }

        return false;
    }
}
