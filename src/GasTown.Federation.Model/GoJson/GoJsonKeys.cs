namespace GasTown.Federation.Model;

/// <summary>
/// Matches a JSON object's keys to a Go struct's field names as <c>encoding/json</c> decodes them: the exact name
/// first, else a case-insensitive match by Go's <c>foldName</c> (<c>fold.go</c>), which folds ASCII letters and also
/// the only two non-ASCII runes whose fold set holds an ASCII letter: U+212A KELVIN SIGN (k) and U+017F LATIN SMALL
/// LETTER LONG S (s). Every matching key is decoded in file order, so the last one wins:
/// <c>{"owner":"acme.com","Owner":"evil.com"}</c> reads as evil.com in Go, and here.
/// </summary>
internal static class GoJsonKeys
{
    /// <summary>The index of the field <paramref name="key"/> decodes into, or -1 when Go would ignore the key.</summary>
    /// <param name="key">The key as decoded.</param>
    /// <param name="asciiNames">The struct's JSON field names (ASCII, no two equal under folding).</param>
    public static int Find(string key, ReadOnlySpan<string> asciiNames)
    {
        for (var i = 0; i < asciiNames.Length; i++)
        {
            if (string.Equals(key, asciiNames[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < asciiNames.Length; i++)
        {
            if (FoldEquals(key, asciiNames[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether Go's <c>foldName</c> makes <paramref name="key"/> equal to the ASCII <paramref name="asciiName"/>.</summary>
    public static bool FoldEquals(ReadOnlySpan<char> key, string asciiName)
    {
        if (key.Length != asciiName.Length)
        {
            // Each of the folding characters is one UTF-16 unit, as is each ASCII character: lengths must agree.
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var k = key[i] switch
            {
                '\u212A' => 'K',
                '\u017F' => 'S',
                >= 'a' and <= 'z' and var c => (char)(c - 32),
                var c => c,
            };
            var n = asciiName[i] is >= 'a' and <= 'z' and var d ? (char)(d - 32) : asciiName[i];
            if (k != n)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the UTF-8 key <paramref name="utf8Key"/> folds to the ASCII <paramref name="asciiName"/> (see <see cref="FoldEquals(ReadOnlySpan{char}, string)"/>).</summary>
    public static bool FoldEquals(ReadOnlySpan<byte> utf8Key, string asciiName)
    {
        var j = 0;
        for (var i = 0; i < utf8Key.Length; j++)
        {
            if (j >= asciiName.Length)
            {
                return false;
            }

            char k;
            if (utf8Key[i] < 0x80)
            {
                k = (char)utf8Key[i];
                i++;
            }
            else if (utf8Key[i..].StartsWith("\u212A"u8))
            {
                k = 'K';
                i += 3;
            }
            else if (utf8Key[i..].StartsWith("\u017F"u8))
            {
                k = 'S';
                i += 2;
            }
            else
            {
                return false;
            }

            if (Upper(k) != Upper(asciiName[j]))
            {
                return false;
            }
        }

        return j == asciiName.Length;
    }

    private static char Upper(char c) => c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
}
