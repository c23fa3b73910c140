namespace GasTown.Federation.Parsing;

/// <summary>
/// The fast path for well-formed input: one scalar pass over the characters, where letters and digits (almost every
/// character) cost a table lookup and one well-predicted branch, and the few punctuation characters drive the
/// structure checks. It accepts a subset of what <see cref="PartValidator"/> accepts (a property test holds the two to
/// the same layout) and reports no errors: anything unusual (an error, or a rare valid shape such as a hyphen next to
/// a dot in a person's name) returns <see langword="false"/> and goes to the precise path, which finds the leftmost
/// problem or accepts the input.
/// </summary>
internal static class GtUriFastPath
{
    /// <summary>Reads the layout of <paramref name="s"/> after the scheme, or returns false to defer to the precise path.</summary>
    public static bool TryRead(ReadOnlySpan<char> s, int start, out UriLayout layout)
    {
        layout = default;
        if (!TryReadEntity(s, start, out var entityEnd, out var at, out var hasUpper))
        {
            return false;
        }

        if (entityEnd == s.Length)
        {
            layout = new UriLayout(entityEnd, at, hasUpper, 0, 0, GtUriKind.Entity);
            return true;
        }

        // Chain.
        if (!TryReadSegment(s, entityEnd + 1, out var chainEnd, out var chainIsWorkId) || chainEnd - entityEnd - 1 > GtUriLimits.MaxNameLength)
        {
            return false;
        }

        if (chainEnd == s.Length)
        {
            layout = new UriLayout(entityEnd, at, hasUpper, chainEnd, 0, GtUriKind.Chain);
            return true;
        }

        // Third segment: the work id when it is the last one, else the rig.
        if (!TryReadSegment(s, chainEnd + 1, out var thirdEnd, out var thirdIsWorkId))
        {
            return false;
        }

        if (thirdEnd == s.Length)
        {
            layout = new UriLayout(entityEnd, at, hasUpper, chainEnd, 0, GtUriKind.WorkUnit);
            return thirdIsWorkId;
        }

        if (thirdEnd - chainEnd - 1 > GtUriLimits.MaxNameLength
            || !TryReadSegment(s, thirdEnd + 1, out var fourthEnd, out var fourthIsWorkId)
            || fourthEnd != s.Length
            || !fourthIsWorkId)
        {
            return false;
        }

        layout = new UriLayout(entityEnd, at, hasUpper, chainEnd, thirdEnd, GtUriKind.WorkUnit);
        return true;
    }

    private static bool TryReadEntity(ReadOnlySpan<char> s, int start, out int end, out int at, out bool hasUpper)
    {
        at = -1;
        hasUpper = false;
        var labelStart = start;
        var lastUnderscoreOrPlus = -1;
        byte seen = 0;
        var i = start;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var flags = CharClass.Of(c);
            seen |= flags;
            if ((flags & CharClass.LetterOrDigit) != 0)
            {
                continue;
            }

            if (c == '/')
            {
                break;
            }

            switch (c)
            {
                case '.':
                    // Empty label (leading or doubled dot), or a label ending in '-'.
                    if (i == labelStart || s[i - 1] == '-' || i - labelStart > GtUriLimits.MaxLabelLength)
                    {
                        end = 0;
                        return false;
                    }

                    labelStart = i + 1;
                    break;
                case '-':
                    if (i == labelStart)
                    {
                        end = 0;
                        return false;
                    }

                    break;
                case '@':
                    if (at >= 0 || i == start || s[i - 1] == '.' || i - start > GtUriLimits.MaxLocalPartLength)
                    {
                        end = 0;
                        return false;
                    }

                    at = i;
                    labelStart = i + 1;
                    break;
                case '_' or '+':
                    lastUnderscoreOrPlus = i;
                    break;
                default:
                    end = 0;
                    return false;
            }
        }

        end = i;
        var domainStart = at < 0 ? start : at + 1;
        hasUpper = (seen & CharClass.Upper) != 0;
        return end > labelStart
               && s[end - 1] != '-'
               && end - labelStart <= GtUriLimits.MaxLabelLength
               && end - domainStart <= GtUriLimits.MaxDomainLength
               && lastUnderscoreOrPlus < domainStart;
    }

    /// <summary>
    /// Reads a chain, rig or work-id segment starting at <paramref name="start"/>: letters, digits, '.', '_', '-',
    /// starting with a letter or digit. Reports whether it is also a valid work id.
    /// </summary>
    private static bool TryReadSegment(ReadOnlySpan<char> s, int start, out int end, out bool isWorkId)
    {
        end = start;
        isWorkId = false;
        if (start >= s.Length || (CharClass.Of(s[start]) & CharClass.LetterOrDigit) == 0)
        {
            return false;
        }

        var hyphen = -1;
        var badWorkId = false;
        var i = start + 1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if ((CharClass.Of(c) & CharClass.LetterOrDigit) != 0)
            {
                continue;
            }

            switch (c)
            {
                case '/':
                    goto done;
                case '-':
                    if (hyphen < 0)
                    {
                        hyphen = i;
                    }
                    else if (s[i - 1] == '.')
                    {
                        badWorkId = true;
                    }

                    break;
                case '.':
                    // Dots only after the prefix, never next to another dot or a hyphen.
                    badWorkId |= hyphen < 0 || s[i - 1] is '.' or '-';
                    break;
                case '_':
                    break;
                default:
                    return false;
            }
        }

    done:
        end = i;
        isWorkId = !badWorkId && hyphen >= 0 && s[i - 1] is not ('-' or '.') && i - start <= GtUriLimits.MaxWorkIdLength;
        return true;
    }
}
