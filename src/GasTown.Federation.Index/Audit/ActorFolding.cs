namespace GasTown.Federation.Index;

/// <summary>
/// An actor name as <c>ActorPattern</c> compares it: each UTF-16 unit lowered by the invariant culture, one by one (not
/// the string's own lowering, which maps some pairs differently). <c>actors.folded</c> (schema 12) holds it, so an
/// audit finds a literal actor by one index seek and a glob with a literal start by a range, instead of reading every
/// name (a remote naming a new actor on each line would otherwise make every audit read them all).
/// </summary>
internal static class ActorFolding
{
    /// <summary>The folded form of <paramref name="name"/>.</summary>
    public static string Fold(string name) => string.Create(name.Length, name, static (span, text) =>
    {
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = char.ToLowerInvariant(text[i]);
        }
    });

    /// <summary>
    /// The folded names a glob's matches must lie in, as the half-open range [<c>From</c>, <c>To</c>), or null when it can
    /// be any name (the glob starts with a wildcard, or its literal start ends in a character with no simple successor).
    /// The caller still matches each name in the range with the pattern itself: the range only narrows.
    /// </summary>
    /// <param name="glob">The pattern as given (<c>ActorPattern.Pattern</c>).</param>
    public static (string From, string To)? RangeOf(string glob)
    {
        // ActorPattern lowers the glob as a string and compares it unit by unit with the unit-by-unit lowered name; its
        // literal start (before the first * or ?) is therefore a prefix of every matching name's folded form.
        var lowered = glob.ToLowerInvariant();
        var end = lowered.AsSpan().IndexOfAny('*', '?');
        var prefix = end < 0 ? lowered : lowered[..end];
        if (prefix.Length == 0)
        {
            return null;
        }

        var last = prefix[^1];
        var next = (char)(last + 1);
        if (last == char.MaxValue || char.IsSurrogate(last) || char.IsSurrogate(next))
        {
            // SQLite compares the UTF-8 bytes, which order as code points; a successor that is a surrogate has no UTF-8 form.
            return null;
        }

        return (prefix, prefix[..^1] + next);
    }
}
