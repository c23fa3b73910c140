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

    /// <summary>
    /// The FTS5 query for a search's text: each word quoted, so that user text is never FTS5 syntax (a trailing * keeps its
    /// prefix meaning), a repeated word once. Null, with what is wrong, for text with no word, too many words or too long
    /// a word: each word costs the search the merge of its matches whatever the page (2,000 repeats of <c>a*</c> took 4.2 s
    /// and 445 MB at 100k units), and the text may come from anyone a frontend serves.
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
            var prefix = word.EndsWith('*');
            var bare = prefix ? word.TrimEnd('*') : word;
            if (bare.Length == 0)
            {
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
}
