using System.Buffers;
using System.Globalization;
using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>
/// What a search's text becomes for SQLite's full-text index (FTS5), and the bounds on it: the one place user text turns
/// into an FTS5 query, for <see cref="FederationIndex.SearchAsync"/> and the federated queries' search alike.
/// </summary>
internal static class SearchText
{
    /// <summary>The most distinct words a search may hold: SQLite merges every word's matches before the first row.</summary>
    public const int MaxWords = 32;

    /// <summary>The longest word a search may hold, in characters.</summary>
    public const int MaxWordLength = 256;

    /// <summary>The longest search text, in characters (checked before it is split into words).</summary>
    public const int MaxTextLength = 16 * 1024;

    /// <summary>What every refusal of an operator says of the rule.</summary>
    internal const string Rule = "a search finds the work units that hold every word given; operators such as -word, OR, NOT or title:word are not supported";

    // The characters of a name before a ':' that reads as a field filter (title:word).
    private static readonly SearchValues<char> FieldNameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>
    /// The FTS5 query for a search's text: each word quoted, so that user text is never FTS5 syntax (a trailing * keeps its
    /// prefix meaning), a repeated word once; FTS5 matches a row holding every one. Null, with what is wrong, for text with
    /// no word (no letter or digit: what the index's tokenizer, unicode61, keeps of a word), too many words or too long
    /// a word: each word costs the search the merge of its matches whatever the page (2,000 repeats of <c>a*</c> took 4.2 s
    /// and 445 MB at 100k units), and the text may come from anyone a frontend serves. Null too for a word a person means
    /// as an operator of a search engine (<c>-word</c>; <c>AND</c>, <c>OR</c>, <c>NOT</c>, <c>NEAR</c> in capitals, as FTS5
    /// reads them; <c>name:word</c>): quoted, it was one more word every match must hold, so <c>task -third</c> found
    /// only the third task, and <c>a OR b</c> nothing. Refused rather than supported: supported, user text would become
    /// FTS5 syntax again, which the bounds above (words counted as terms every match holds) are not made for.
    /// </summary>
    public static string? ToFtsMatch(string text, out string? problem)
    {
        if (text.Length > MaxTextLength)
        {
            problem = $"A search text is at most {MaxTextLength} characters long; this one is {text.Length}.";
            return null;
        }

        // Control characters separate words, as the index's tokenizer (unicode61) reads them where it indexes text; and kept
        // inside a quoted word, a NUL ended SQLite's reading of the query ("unterminated string", thrown as it was).
        var words = string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
        var terms = new List<string>();
        foreach (var word in words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (OperatorIn(word) is { } refusal)
            {
                problem = refusal;
                return null;
            }

            var prefix = word.EndsWith('*');
            var bare = prefix ? word.TrimEnd('*') : word;
            if (!HasWordCharacter(bare))
            {
                // Punctuation alone ("(", "..", a quote) is no word to the tokenizer: quoted, it matched nothing at all.
                continue;
            }

            if (bare.Length > MaxWordLength)
            {
                problem = $"A search word is at most {MaxWordLength} characters long; one is {bare.Length}.";
                return null;
            }

            var term = "\"" + bare.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (prefix ? "*" : "");
            if (!terms.Contains(term, StringComparer.Ordinal))
            {
                terms.Add(term);
            }

            if (terms.Count > MaxWords)
            {
                problem = $"A search holds at most {MaxWords} different words; leave some out.";
                return null;
            }
        }

        problem = terms.Count == 0 ? "The search text has no words to look for." : null;
        return problem is null ? string.Join(' ', terms) : null;
    }

    // What a person means as an operator, said with what to write instead; null for a word. The checks read the word as
    // typed: a word in quotes ("OR") is that word, as FTS5 reads it.
    private static string? OperatorIn(string word)
    {
        if (word.Length > 1 && word[0] == '-' && HasWordCharacter(word.AsSpan(1)))
        {
            return $"{MessageText.Quote(word)} looks like an exclusion (-word): {Rule}. Leave the word out, or write it without the '-' to look for it.";
        }

        var bare = word.TrimStart('(');
        if (bare is "AND" or "OR" or "NOT" or "NEAR" || bare.StartsWith("NEAR(", StringComparison.Ordinal))
        {
            return $"{MessageText.Quote(word)} looks like an operator: {Rule}. Leave it out (every word must match already), or search once for each alternative; write it in lower case to look for the word.";
        }

        // name:word, where the name could be a field's (an ASCII letter, then letters, digits or '_'), and the word starts
        // at once: not a URL (https://), a time (10:30), a work reference (external:beads:bd-7), nor "note: ...".
        var colon = bare.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon + 1 < bare.Length && char.IsAsciiLetter(bare[0])
            && !bare.AsSpan(1, colon - 1).ContainsAnyExcept(FieldNameCharacters)
            && (char.IsLetterOrDigit(bare[colon + 1]) || bare[colon + 1] is '"' or '(')
            && !WorkReference.TryParse(bare, out _))
        {
            var rest = bare[(colon + 1)..].Trim('"', '(', ')');
            return $"{MessageText.Quote(word)} looks like a field filter (name:word): {Rule}. A search looks in titles, descriptions, notes and comments alike: write {MessageText.Quote(rest)} alone, or put a space after the ':' to look for both words.";
        }

        return null;
    }

    // Whether the text holds a character the index's tokenizer (unicode61, with its default categories "L* N* Co") keeps
    // in a word: a letter, a number or a private-use character. Anything else separates words.
    private static bool HasWordCharacter(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                    or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.PrivateUse:
                    return true;
            }
        }

        return false;
    }
}
