using System.Text;
using Spectre.Console;

namespace GtFed;

/// <summary>
/// Makes text from a chain (someone else's data) safe to print on a terminal: C0 and C1 controls (ESC,
/// BEL, CR...) and Unicode bidi overrides and isolates are dropped, so a title cannot retitle the window,
/// clear the screen, forge lines or reorder what the reader sees. JSON output escapes them instead.
/// </summary>
internal static class TerminalText
{
    /// <summary>The text with controls and bidi overrides removed; newlines kept only when <paramref name="multiline"/>, else made spaces.</summary>
    public static string Clean(string? text, bool multiline = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = true;
        foreach (var c in text)
        {
            if (IsUnsafe(c) || c == '\n')
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\n' || c == '\t' || c == '\u2028' || c == '\u2029')
            {
                builder.Append(multiline && c != '\t' ? '\n' : ' ');
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
}
