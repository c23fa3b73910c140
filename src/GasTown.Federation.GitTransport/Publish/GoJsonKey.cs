using System.Text;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// How Go's encoding/json matches an object key to a struct field: an exact match, or else a case-insensitive
/// one under Unicode simple folding (so <c>Visibility</c>, <c>VISIBILITY</c> and even <c>viſibility</c> with a
/// long s all set the field <c>visibility</c>), and when several keys match, the last one wins. The publisher
/// judges what upstream's tools will read, so it must match keys the same way.
/// </summary>
internal static class GoJsonKey
{
    /// <summary>Whether Go would store the key <paramref name="key"/> into the field whose JSON name is <paramref name="field"/>.</summary>
    public static bool Matches(string key, string field)
    {
        if (string.Equals(key, field, StringComparison.Ordinal))
        {
            return true;
        }

        // Go folds rune by rune (foldName: unicode.ToUpper(unicode.ToLower(r))), never changing the rune count.
        var keyRunes = key.EnumerateRunes().GetEnumerator();
        var fieldRunes = field.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hasKey = keyRunes.MoveNext();
            var hasField = fieldRunes.MoveNext();
            if (hasKey != hasField)
            {
                return false;
            }

            if (!hasKey)
            {
                return true;
            }

            if (Fold(keyRunes.Current) != Fold(fieldRunes.Current))
            {
                return false;
            }
        }
    }

    private static Rune Fold(Rune rune) => Rune.ToUpperInvariant(Rune.ToLowerInvariant(rune));
}
