using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>
/// The shapes an actor this SDK <em>writes</em> may take. Reading stays lenient (<see cref="ActorId.Parse"/> keeps any
/// single-line text other tools wrote); a new attribution must be one of:
/// <list type="bullet">
/// <item>an agent path, as <c>BD_ACTOR</c> holds it: <c>mayor</c>, <c>deacon-boot</c>, <c>gastown/crew/joe</c>;</item>
/// <item>a person's name, as <c>git config user.name</c> holds it: <c>Ada Lovelace</c>, <c>Jörg O'Brien</c>;</item>
/// <item>an email: <c>ada@example.com</c>.</item>
/// </list>
/// </summary>
/// <remarks>
/// Characters allowed: letters and digits of any script, single spaces between words, and <c>. _ - ' + @ /</c>; at most
/// one <c>@</c>; <c>/</c> separates non-empty path segments; at most <see cref="MaxLength"/> characters. Anything else
/// (<c>!</c>, quotes, brackets, control characters, a trailing <c>/</c>) is refused, because actors end up in commit
/// trailers, event lines and audit globs where such text is either ambiguous or a way to forge another actor.
/// </remarks>
public static class ActorNameRule
{
    /// <summary>The longest actor accepted.</summary>
    public const int MaxLength = 200;

    /// <summary>The accepted shapes, worded for an error message.</summary>
    public const string AcceptedShapes =
        "an agent path such as 'mayor' or 'gastown/crew/joe', a person's name such as 'Ada Lovelace' " +
        "(what git config user.name holds), or an email such as 'ada@example.com'; letters, digits, single spaces " +
        "and . _ - ' + @ / only";

    /// <summary>Checks that <paramref name="text"/> is an actor this SDK may write.</summary>
    /// <param name="text">The candidate actor, already trimmed.</param>
    /// <param name="error">On failure: what is wrong, where, and the accepted shapes.</param>
    /// <returns><see langword="true"/> when the text is acceptable.</returns>
    public static bool TryValidate([NotNullWhen(true)] string? text, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"The actor is empty. An actor is {AcceptedShapes}.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"The actor is {text.Length} characters long; at most {MaxLength} are allowed. An actor is {AcceptedShapes}.";
            return false;
        }

        var at = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? problem = null;
            if (c == ' ')
            {
                if (i == 0 || i == text.Length - 1 || text[i - 1] == ' ')
                {
                    problem = "a leading, trailing or doubled space";
                }
            }
            else if (c == '/')
            {
                if (i == 0 || i == text.Length - 1 || text[i - 1] is '/' or ' ' || text[i + 1] == ' ')
                {
                    problem = "an empty path segment around '/'";
                }
            }
            else if (c == '@')
            {
                if (++at > 1)
                {
                    problem = "a second '@'";
                }
            }
            else if (!IsNameCharacter(c, text, i))
            {
                problem = char.IsControl(c) ? $"the control character U+{(int)c:X4}" : $"the character '{c}'";
            }

            if (problem is not null)
            {
                error = $"The actor '{MessageText.Printable(text, MessageText.MaxCallerText)}' has {problem} at position {i}. An actor is {AcceptedShapes}.";
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>Checks <paramref name="text"/> and throws when it is not an actor this SDK may write.</summary>
    /// <param name="text">The candidate actor.</param>
    /// <returns>The text, trimmed.</returns>
    /// <exception cref="ActorFormatException">The text is not one of the accepted shapes; the message says which character and the shapes.</exception>
    public static string Validate(string? text)
    {
        var trimmed = text?.Trim();
        return TryValidate(trimmed, out var error) ? trimmed : throw new ActorFormatException(error);
    }

    private static bool IsNameCharacter(char c, string text, int index)
    {
        if (c is '.' or '_' or '-' or '\'' or '+')
        {
            return true;
        }

        if (char.IsSurrogate(c))
        {
            // A letter outside the BMP (CJK extensions, ...) is a letter too.
            return char.IsSurrogatePair(text, Math.Max(0, index - (char.IsLowSurrogate(c) ? 1 : 0)))
                && char.IsLetter(text, Math.Max(0, index - (char.IsLowSurrogate(c) ? 1 : 0)));
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.DecimalDigitNumber => true,
            _ => false,
        };
    }
}
