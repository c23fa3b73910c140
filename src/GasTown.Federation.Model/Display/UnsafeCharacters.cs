namespace GasTown.Federation.Model;

/// <summary>
/// The characters of someone else's text (a title, a comment, an actor's name from a remote chain) that a frontend must
/// not print as they are: those that change how the text around them is drawn, and those drawn as nothing. One list for
/// every frontend, so that a terminal and a web page hide the same things.
/// </summary>
/// <remarks>
/// <para>A title can carry U+202E (the rest of the line drawn right to left), ESC (a terminal's escape sequences: retitle
/// the window, clear the screen), U+200B inside a name (<c>al&#x200B;ice</c> passing for <c>alice</c>), or tag
/// characters (a hidden ASCII copy of any text). Encoding them (HTML's <c>&amp;#x202E;</c>, JSON's <c>\u202E</c>) keeps
/// them: a browser or terminal still acts on them. Drop the layout controls or show them as their code point
/// (<c>&lt;U+202E&gt;</c>, as <c>less</c> does); show the ones drawn as nothing.</para>
/// <para>Joiners and variation selectors (<see cref="IsJoinerOrSelector"/>) are drawn as nothing too, but emoji, Persian
/// and Indic words need them: a frontend that sees a character's neighbours keeps them where they join or select
/// something; one that sees a character at a time (an encoder) keeps them always (<see cref="ShouldShowAsCodePoint"/>).</para>
/// <para>Each method takes a Unicode scalar value as an <see cref="int"/>, as <see cref="System.Globalization.CharUnicodeInfo"/>
/// does (<see cref="System.Text.Rune.Value"/>; a UTF-16 code unit outside the surrogates is its own scalar).</para>
/// </remarks>
public static class UnsafeCharacters
{
    /// <summary>
    /// Whether <paramref name="scalar"/> changes the layout of the text around it: C0 controls (tab, line feed and
    /// carriage return included: the caller decides what a line break becomes), DEL and C1 controls, the bidi marks
    /// (U+061C, U+200E, U+200F), embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), and the line and
    /// paragraph separators (U+2028, U+2029).
    /// </summary>
    /// <param name="scalar">A Unicode scalar value.</param>
    /// <returns>True when the character must not be printed as it is.</returns>
    public static bool IsLayoutControl(int scalar) => scalar switch
    {
        < 0x20 or (>= 0x7F and <= 0x9F) => true, // C0 (ESC, BEL, CR, ...), DEL and C1 (CSI, OSC as single bytes)
        0x061C or 0x200E or 0x200F => true, // Arabic letter mark, LRM, RLM
        >= 0x202A and <= 0x202E => true, // LRE, RLE, PDF, LRO, RLO
        >= 0x2066 and <= 0x2069 => true, // LRI, RLI, FSI, PDI
        0x2028 or 0x2029 => true,
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="scalar"/> is drawn as nothing: Unicode's default-ignorable code points (DerivedCoreProperties,
    /// Default_Ignorable_Code_Point, assigned or not) other than the <see cref="IsLayoutControl">layout controls</see>:
    /// soft hyphen, zero-width space, joiners, word joiner, byte order mark, variation selectors, Hangul fillers, tag
    /// characters and the rest of U+E0000–U+E0FFF.
    /// </summary>
    /// <param name="scalar">A Unicode scalar value.</param>
    /// <returns>True when the character is invisible where it stands.</returns>
    public static bool IsDefaultIgnorable(int scalar) => scalar switch
    {
        0x00AD or 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFEFF or 0xFFA0 => true,
        >= 0x180B and <= 0x180F => true, // Mongolian variation selectors and vowel separator
        >= 0x200B and <= 0x200D => true, // zero-width space, non-joiner, joiner
        >= 0x2060 and <= 0x2065 => true, // word joiner, invisible operators
        >= 0x206A and <= 0x206F => true, // deprecated format controls
        >= 0xFE00 and <= 0xFE0F => true, // variation selectors 1-16
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true, // shorthand format controls
        >= 0x1D173 and <= 0x1D17A => true, // musical formatting
        >= 0xE0000 and <= 0xE0FFF => true, // tag characters, variation selectors 17-256, and the unassigned rest
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="scalar"/> is one of the <see cref="IsDefaultIgnorable">default-ignorable</see> characters
    /// that do their work in context: the zero-width non-joiner and joiner (U+200C, U+200D) and the variation selectors
    /// (U+FE00–U+FE0F, U+E0100–U+E01EF).
    /// </summary>
    /// <param name="scalar">A Unicode scalar value.</param>
    /// <returns>True for a joiner or a variation selector.</returns>
    public static bool IsJoinerOrSelector(int scalar) => scalar is 0x200C or 0x200D or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    /// <summary>
    /// For a frontend that sees one character at a time (an encoder): whether to show <paramref name="scalar"/> as its
    /// code point (<c>&lt;U+202E&gt;</c>) instead of itself: a <see cref="IsLayoutControl">layout control</see>, or a
    /// <see cref="IsDefaultIgnorable">default-ignorable</see> character that is not a
    /// <see cref="IsJoinerOrSelector">joiner or selector</see>. Tab, line feed and carriage return are layout controls:
    /// a frontend that keeps lines checks for them first.
    /// </summary>
    /// <param name="scalar">A Unicode scalar value.</param>
    /// <returns>True when the character is to be shown by its code point.</returns>
    public static bool ShouldShowAsCodePoint(int scalar)
        => IsLayoutControl(scalar) || (IsDefaultIgnorable(scalar) && !IsJoinerOrSelector(scalar));
}
