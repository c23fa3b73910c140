using System.Globalization;
using System.Text;
using Spectre.Console;

namespace GtFed;

/// <summary>
/// Makes text from a chain (someone else's data) safe to print on a terminal: C0 and C1 controls (ESC,
/// BEL, CR...) and Unicode bidi overrides and isolates are dropped, so a title cannot retitle the window,
/// clear the screen, forge lines or reorder what the reader sees. Characters a terminal draws as nothing
/// (zero-width space, word joiner, soft hyphen, byte order mark, tag characters...) are shown as
/// <c>&lt;U+200B&gt;</c>, as <c>less</c> shows them, so <c>al&#x200B;ice</c> cannot pass for <c>alice</c> nor
/// hide text in a title. JSON output escapes all of these instead.
/// </summary>
internal static class TerminalText
{
    /// <summary>The text with controls and bidi overrides removed and invisible characters shown; newlines kept only when <paramref name="multiline"/>, else made spaces.</summary>
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
            else if (InvisibleAt(text, i))
            {
                var codePoint = char.IsHighSurrogate(c) ? char.ConvertToUtf32(c, text[++i]) : c;
                builder.Append("<U+").Append(codePoint.ToString("X4", CultureInfo.InvariantCulture)).Append('>');
            }
            else if (!IsUnsafe(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary><see cref="Clean"/>, then escaped for Spectre markup.</summary>
    public static string Markup(object? value, bool multiline = false) => Spectre.Console.Markup.Escape(Clean(value?.ToString(), multiline));

    private static bool IsUnsafe(char c) =>
        c < '\u0020' || (c >= '\u007F' && c <= '\u009F') // C0 (ESC, BEL, CR, ...), DEL and C1 (CSI, OSC as single bytes)
        || c is '\u061C' or '\u200E' or '\u200F' // Arabic letter mark, LRM, RLM
        || (c >= '\u202A' && c <= '\u202E') // LRE, RLE, PDF, LRO, RLO
        || (c >= '\u2066' && c <= '\u2069') // LRI, RLI, FSI, PDI
        || c is '\u2028' or '\u2029';

    /// <summary>
    /// Whether the character at <paramref name="i"/> is one a terminal draws as nothing (Unicode's default-ignorable
    /// code points that are not already dropped as bidi controls). The joiners U+200C and U+200D and the variation
    /// selectors U+FE00–U+FE0F are left alone where they do their work, between or after characters outside ASCII
    /// (emoji sequences, Persian and Indic words); beside ASCII they only hide, so they are shown.
    /// </summary>
    private static bool InvisibleAt(string text, int i)
    {
        var c = text[i];
        if (c < '\u00AD')
        {
            return false;
        }

        return c switch
        {
            '\u00AD' or '\u034F' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u200B' or '\u3164' or '\uFEFF' or '\uFFA0' => true,
            >= '\u180B' and <= '\u180F' => true,
            >= '\u2060' and <= '\u2065' => true,
            >= '\u206A' and <= '\u206F' => true,
            >= '\uFFF0' and <= '\uFFF8' => true,
            '\u200C' or '\u200D' => !(i > 0 && text[i - 1] > '\u007F' && i + 1 < text.Length && text[i + 1] > '\u007F'),
            >= '\uFE00' and <= '\uFE0F' => !(i > 0 && text[i - 1] > '\u007F'),
            // Tag characters U+E0000–U+E007F (a hidden ASCII copy of any text): surrogates U+DB40, U+DC00–U+DC7F.
            '\uDB40' => i + 1 < text.Length && text[i + 1] >= '\uDC00' && text[i + 1] <= '\uDC7F',
            _ => false,
        };
    }
}
