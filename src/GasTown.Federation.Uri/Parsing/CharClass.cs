namespace GasTown.Federation.Parsing;

/// <summary>
/// One lookup per character instead of a chain of comparisons: the parser's inner loops test a flag
/// from this table, which keeps the hot path to a load and a mask.
/// </summary>
internal static class CharClass
{
    /// <summary>A-Z, a-z, 0-9.</summary>
    public const byte LetterOrDigit = 1;

    /// <summary>A-Z (an entity holding one is not canonical).</summary>
    public const byte Upper = 2;

    /// <summary>Letters, digits, '.', '_', '-': chain and rig names, work ids.</summary>
    public const byte Name = 4;

    /// <summary>Letters, digits, '.', '_', '-', '+': what an entity may hold besides '@' (the domain checks its own subset).</summary>
    public const byte Entity = 8;

    /// <summary>Letters, digits, '-': a domain label.</summary>
    public const byte Label = 16;

    /// <summary>The flags of an ASCII character; 0 for anything else.</summary>
    public static byte Of(char c)
    {
        var table = Table;
        return c < (uint)table.Length ? table[c] : (byte)0;
    }

    // Generated from the constants above (letters and digits: LetterOrDigit|Name|Entity|Label, upper case adds Upper;
    // '-': Name|Entity|Label; '.' and '_': Name|Entity; '+': Entity). A literal span lives in the image: no static
    // constructor, no array header, and the bounds check folds into the ASCII check.
    private static ReadOnlySpan<byte> Table =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 28, 12, 0,
        29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 0, 0, 0, 0, 0, 0,
        0, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
        31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 0, 0, 0, 0, 12,
        0, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29,
        29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 0, 0, 0, 0, 0,
    ];
}
