namespace GasTown.Federation.Parsing;

/// <summary>
/// Validates one part of a <c>gt://</c> URI on its own: an entity, a chain or rig name, a work id.
/// The URI parser, the builders (<see cref="GtUri.ForChain"/>…), <see cref="EntityId"/> and
/// <see cref="WorkReference"/> all share these, so every entry point accepts exactly the same language.
/// Positions in failures are relative to the part; callers shift them.
/// </summary>
internal static class PartValidator
{
    /// <summary>
    /// Checks an entity (<c>domain</c> or <c>local@domain</c>). Reports where the '@' is (or -1) and whether
    /// the entity has upper-case letters (it then needs a lower-cased canonical copy).
    /// </summary>
    public static bool TryValidateEntity(ReadOnlySpan<char> entity, out int at, out bool hasUpper, out ParseFailure failure)
    {
        at = -1;
        hasUpper = false;
        if (entity.IsEmpty)
        {
            failure = new ParseFailure(0, GtUriError.EmptySegment, GtUriMessages.EmptyEntity);
            return false;
        }

        for (var i = 0; i < entity.Length; i++)
        {
            var c = entity[i];
            var flags = CharClass.Of(c);
            if ((flags & CharClass.Entity) != 0)
            {
                hasUpper |= (flags & CharClass.Upper) != 0;
                continue;
            }

            if (c == '@' && at < 0)
            {
                at = i;
                continue;
            }

            failure = ClassifyEntityCharacter(entity, i, at);
            return false;
        }

        if (at >= 0)
        {
            if (!TryValidateLocalPart(entity[..at], out failure))
            {
                return false;
            }

            if (!TryValidateDomain(entity[(at + 1)..], out failure))
            {
                failure = failure.Shift(at + 1);
                return false;
            }
        }
        else if (!TryValidateDomain(entity, out failure))
        {
            return false;
        }

        failure = default;
        return true;
    }

    /// <summary>Checks a chain or rig name: <c>[A-Za-z0-9][A-Za-z0-9._-]*</c>, at most <see cref="GtUriLimits.MaxNameLength"/>.</summary>
    public static bool TryValidateName(ReadOnlySpan<char> name, out ParseFailure failure)
    {
        if (!TryCheckCommonSegment(name, out failure))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if ((CharClass.Of(name[i]) & CharClass.Name) == 0)
            {
                failure = ClassifyNameCharacter(name[i], i);
                return false;
            }
        }

        if ((CharClass.Of(name[0]) & CharClass.LetterOrDigit) == 0)
        {
            failure = new ParseFailure(0, GtUriError.InvalidName, GtUriMessages.NameStart);
            return false;
        }

        if (name.Length > GtUriLimits.MaxNameLength)
        {
            failure = new ParseFailure(0, GtUriError.SegmentTooLong, GtUriMessages.NameTooLong, GtUriLimits.MaxNameLength);
            return false;
        }

        failure = default;
        return true;
    }

    /// <summary>
    /// Checks a work id: <c>prefix "-" rest</c>, letters, digits, '_', '-' and '.', starting with a letter or digit,
    /// no '.' in the prefix, no empty part around a '.', not ending in '-' or '.'.
    /// </summary>
    public static bool TryValidateWorkId(ReadOnlySpan<char> id, out ParseFailure failure)
    {
        if (!TryCheckCommonSegment(id, out failure))
        {
            return false;
        }

        var firstHyphen = -1;
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if ((CharClass.Of(c) & CharClass.Name) == 0)
            {
                failure = ClassifyNameCharacter(c, i);
                return false;
            }

            if (c == '-')
            {
                if (firstHyphen < 0)
                {
                    firstHyphen = i;
                }
                else if (id[i - 1] == '.')
                {
                    failure = new ParseFailure(i, GtUriError.InvalidWorkId, GtUriMessages.WorkIdEmptyPart);
                    return false;
                }
            }
            else if (c == '.')
            {
                if (firstHyphen < 0)
                {
                    failure = new ParseFailure(i, GtUriError.InvalidWorkId, GtUriMessages.WorkIdPrefixDot);
                    return false;
                }

                var previous = id[i - 1];
                if (previous == '.' || previous == '-')
                {
                    failure = new ParseFailure(i, GtUriError.InvalidWorkId, GtUriMessages.WorkIdEmptyPart);
                    return false;
                }
            }
        }

        if ((CharClass.Of(id[0]) & CharClass.LetterOrDigit) == 0)
        {
            failure = new ParseFailure(0, GtUriError.InvalidWorkId, GtUriMessages.WorkIdStart);
            return false;
        }

        if (firstHyphen < 0)
        {
            failure = new ParseFailure(0, GtUriError.InvalidWorkId, GtUriMessages.WorkIdNoHyphen);
            return false;
        }

        var last = id[^1];
        if (last is '-' or '.')
        {
            failure = new ParseFailure(id.Length - 1, GtUriError.InvalidWorkId, GtUriMessages.WorkIdEnd);
            return false;
        }

        if (id.Length > GtUriLimits.MaxWorkIdLength)
        {
            failure = new ParseFailure(0, GtUriError.SegmentTooLong, GtUriMessages.WorkIdTooLong, GtUriLimits.MaxWorkIdLength);
            return false;
        }

        failure = default;
        return true;
    }

    /// <summary>Names the problem with a character that no part of a URI allows (or that this part does not).</summary>
    public static ParseFailure ClassifyNameCharacter(char c, int position) => c switch
    {
        >= (char)128 => new ParseFailure(position, GtUriError.NonAsciiCharacter, GtUriMessages.NonAscii, c),
        _ => ClassifyCommon(c, position) ?? new ParseFailure(position, GtUriError.InvalidCharacter, GtUriMessages.InvalidNameChar, c),
    };

    private static ParseFailure ClassifyEntityCharacter(ReadOnlySpan<char> entity, int position, int at)
    {
        var c = entity[position];
        if (c >= 128)
        {
            return new ParseFailure(position, GtUriError.NonAsciiCharacter, GtUriMessages.NonAsciiEntity, c);
        }

        if (c == '@')
        {
            // A second '@': gt://a@b@c.com smuggles user-info in front of a person.
            return new ParseFailure(position, GtUriError.UserInfoNotAllowed, GtUriMessages.UserInfo);
        }

        if (c == ':')
        {
            // 'gt://:pw@x' or 'gt://user:pw@x' is user-info; 'gt://acme.com:80' a port.
            var isUserInfo = at < 0 && entity[position..].Contains('@');
            return isUserInfo
                ? new ParseFailure(position, GtUriError.UserInfoNotAllowed, GtUriMessages.UserInfo)
                : new ParseFailure(position, GtUriError.PortNotAllowed, GtUriMessages.Port);
        }

        return ClassifyCommon(c, position)
            ?? new ParseFailure(position, GtUriError.InvalidCharacter, GtUriMessages.InvalidEntityChar, c);
    }

    private static ParseFailure? ClassifyCommon(char c, int position) => c switch
    {
        '%' => new ParseFailure(position, GtUriError.PercentEncodingNotAllowed, GtUriMessages.Percent),
        '?' => new ParseFailure(position, GtUriError.QueryNotAllowed, GtUriMessages.Query),
        '#' => new ParseFailure(position, GtUriError.FragmentNotAllowed, GtUriMessages.Fragment),
        '\\' => new ParseFailure(position, GtUriError.InvalidCharacter, GtUriMessages.Backslash),
        ' ' or '\t' or '\n' or '\v' or '\f' or '\r' => new ParseFailure(position, GtUriError.Whitespace, GtUriMessages.Whitespace, c),
        < ' ' or (char)127 => new ParseFailure(position, GtUriError.ControlCharacter, GtUriMessages.Control, c),
        _ => null,
    };

    private static bool TryCheckCommonSegment(ReadOnlySpan<char> segment, out ParseFailure failure)
    {
        if (segment.IsEmpty)
        {
            failure = new ParseFailure(0, GtUriError.EmptySegment, GtUriMessages.EmptySegment);
            return false;
        }

        if (segment is "." or "..")
        {
            failure = new ParseFailure(0, GtUriError.DotSegment, GtUriMessages.DotSegment);
            return false;
        }

        failure = default;
        return true;
    }

    private static bool TryValidateLocalPart(ReadOnlySpan<char> local, out ParseFailure failure)
    {
        if (local.IsEmpty)
        {
            failure = new ParseFailure(0, GtUriError.InvalidEntity, GtUriMessages.EmptyLocalPart);
            return false;
        }

        if (local[0] == '.' || local[^1] == '.' || local.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            failure = new ParseFailure(0, GtUriError.InvalidEntity, GtUriMessages.LocalPartDots);
            return false;
        }

        if (local.Length > GtUriLimits.MaxLocalPartLength)
        {
            failure = new ParseFailure(0, GtUriError.SegmentTooLong, GtUriMessages.LocalPartTooLong, GtUriLimits.MaxLocalPartLength);
            return false;
        }

        failure = default;
        return true;
    }

    private static bool TryValidateDomain(ReadOnlySpan<char> domain, out ParseFailure failure)
    {
        if (domain.IsEmpty)
        {
            failure = new ParseFailure(0, GtUriError.InvalidEntity, GtUriMessages.EmptyDomain);
            return false;
        }

        var labelStart = 0;
        for (var i = 0; i <= domain.Length; i++)
        {
            if (i < domain.Length && domain[i] != '.')
            {
                if ((CharClass.Of(domain[i]) & CharClass.Label) == 0)
                {
                    failure = new ParseFailure(i, GtUriError.InvalidCharacter, GtUriMessages.DomainChar, domain[i]);
                    return false;
                }

                continue;
            }

            var length = i - labelStart;
            if (length == 0)
            {
                failure = new ParseFailure(i, GtUriError.InvalidEntity, GtUriMessages.EmptyLabel);
                return false;
            }

            if (domain[labelStart] == '-' || domain[i - 1] == '-')
            {
                failure = new ParseFailure(labelStart, GtUriError.InvalidEntity, GtUriMessages.LabelHyphen);
                return false;
            }

            if (length > GtUriLimits.MaxLabelLength)
            {
                failure = new ParseFailure(labelStart, GtUriError.SegmentTooLong, GtUriMessages.LabelTooLong, GtUriLimits.MaxLabelLength);
                return false;
            }

            labelStart = i + 1;
        }

        if (domain.Length > GtUriLimits.MaxDomainLength)
        {
            failure = new ParseFailure(0, GtUriError.SegmentTooLong, GtUriMessages.DomainTooLong, GtUriLimits.MaxDomainLength);
            return false;
        }

        failure = default;
        return true;
    }
}
