namespace GasTown.Federation.Parsing;

/// <summary>
/// The rule that tells the Wasteland's <c>hop://&lt;org&gt;/&lt;database&gt;/&lt;table&gt;/&lt;id&gt;</c> from our
/// <c>hop://entity/chain[/rig]/id</c> alias: our entity is a domain or a person, so it has a '.' or an '@'; a
/// Wasteland owner is a DoltHub user or organisation name, which has neither. A <c>hop://</c> text whose first
/// segment has neither, with 2 segments (a commons database) or 4 (a row: table, id), is the Wasteland's.
/// </summary>
internal static class WastelandShape
{
    /// <summary>True when the text after <c>hop://</c> has the Wasteland's shape.</summary>
    public static bool Matches(ReadOnlySpan<char> afterScheme) => TrySplit(afterScheme, out _, out _, out _, out _);

    /// <summary>Splits the text after <c>hop://</c> into its parts; false when it is not the Wasteland's shape.</summary>
    public static bool TrySplit(ReadOnlySpan<char> afterScheme, out Range org, out Range database, out Range table, out Range id)
    {
        org = database = table = id = default;
        Span<Range> parts = stackalloc Range[5];
        var count = afterScheme.Split(parts, '/');
        if (count is not (2 or 4))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var part = afterScheme[parts[i]];
            if (part.IsEmpty || part.Length > 100 || part is "." or ".." || !IsValid(part, allowDot: i > 0))
            {
                return false;
            }
        }

        org = parts[0];
        database = parts[1];
        if (count == 4)
        {
            table = parts[2];
            id = parts[3];
        }

        return true;
    }

    // DoltHub owners and databases: letters, digits, '-', '_'; tables and row ids may also hold '.'.
    private static bool IsValid(ReadOnlySpan<char> part, bool allowDot)
    {
        foreach (var c in part)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (allowDot && c == '.')))
            {
                return false;
            }
        }

        return true;
    }
}
