using System.Globalization;
using System.Text;
using GasTown.Federation.Model;
using System.Text.Encodings.Web;

namespace GtWeb;

/// <summary>
/// The HTML encoder of every page: <see cref="HtmlEncoder.Default"/>, except for the characters that change how the text
/// around them is drawn or that are drawn as nothing. Encoded as <c>&amp;#x202E;</c> they still reach the browser as
/// themselves, so a title from someone else's chain could reverse what follows it (U+202E), hide a word inside another
/// (U+200B) or carry a hidden copy of any text (tag characters). They are written as a visible <c>&lt;U+202E&gt;</c>
/// instead, as gtfed shows them on a terminal; the JSON API keeps the exact text. Joiners and variation selectors are
/// kept (an encoder sees one character at a time, and emoji need them).
/// </summary>
internal sealed class VisibleControlsHtmlEncoder : HtmlEncoder
{
    // "&lt;U+E0041&gt;": the longest a shown character writes.
    private const int LongestShown = 15;
    private readonly HtmlEncoder _inner = Default;

    public override int MaxOutputCharactersPerInputCharacter => Math.Max(_inner.MaxOutputCharactersPerInputCharacter, LongestShown);

    // The default encoder encodes everything outside Basic Latin and every control, so it stops at each character shown too.
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => _inner.FindFirstCharacterToEncode(text, textLength);

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!IsShown(unicodeScalar))
        {
            return _inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        }

        var shown = "&lt;U+" + unicodeScalar.ToString("X4", CultureInfo.InvariantCulture) + "&gt;";
        if (shown.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        shown.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = shown.Length;
        return true;
    }

    public override bool WillEncode(int unicodeScalar) => IsShown(unicodeScalar) || _inner.WillEncode(unicodeScalar);

    /// <summary>
    /// <paramref name="text"/> with every character <see cref="IsShown"/> names written as <c>&lt;U+202E&gt;</c>, for text
    /// that reaches the browser by another way than the page's HTML (the project graph's labels travel as JSON and are
    /// drawn on a canvas, where the encoder never sees them).
    /// </summary>
    internal static string ShowControls(string text)
    {
        StringBuilder? shown = null;
        var copied = 0;
        var at = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsShown(rune.Value))
            {
                shown ??= new StringBuilder(text.Length + 16);
                shown.Append(text, copied, at - copied).Append("<U+").Append(rune.Value.ToString("X4", CultureInfo.InvariantCulture)).Append('>');
                copied = at + rune.Utf16SequenceLength;
            }

            at += rune.Utf16SequenceLength;
        }

        return shown is null ? text : shown.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// What <see cref="UnsafeCharacters.ShouldShowAsCodePoint"/> shows (the list gtfed's terminal output shows too), but
    /// tab and line breaks, which HTML lays out itself.
    /// </summary>
    internal static bool IsShown(int scalar) => scalar is not ('\t' or '\n' or '\r') && UnsafeCharacters.ShouldShowAsCodePoint(scalar);
}
