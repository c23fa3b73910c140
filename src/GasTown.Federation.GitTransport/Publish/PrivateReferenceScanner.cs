using System.Text.Json;
using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Finds text that points into a private part of the town: a <c>gt://</c> or <c>hop://</c> URI of this town's
/// chain (scheme and chain in any case, anywhere in the text) naming private work, a bare work id that routes to a
/// private route (<c>sc-1</c>, also inside <c>external:secret:sc-1</c> or <c>secret/sc-1</c>), or the name of a
/// private rig as a word. Used on every key and string value of relationship and event lines before they are
/// published.
/// </summary>
/// <remarks>
/// It errs towards withholding: a URI that does not parse, or names this town's chain with an id no route knows,
/// counts as private. URIs of other chains are left alone (their rig names are theirs, not ours).
/// </remarks>
internal sealed class PrivateReferenceScanner(PublicationPlan plan)
{
    private static readonly string[] s_schemes = ["gt://", "hop://"];

    /// <summary>Why <paramref name="text"/> points into a private part of the town, or <see langword="null"/> when it does not.</summary>
    public string? FindPrivateReference(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var rest = text;
        foreach (var (start, length) in FindUris(text))
        {
            var uriText = text.Substring(start, length);
            if (JudgeUri(uriText) is { } reason)
            {
                return reason;
            }

            // Blank the URI out so that another chain's rig and ids are not taken for ours below.
            rest = string.Concat(rest.AsSpan(0, start), new string(' ', length), rest.AsSpan(start + length));
        }

        foreach (var range in rest.AsSpan().SplitAny(" \t\r\n\"'`:/\\,;|()[]{}<>=@#!?*+&%$~^"))
        {
            var token = rest[range].Trim(['.', '-', '_']);
            if (token.Length > 0 && JudgeToken(token) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>
    /// Why the JSON text <paramref name="line"/> points into a private part of the town (judging every key and every
    /// string value), or <see langword="null"/> when nothing in it does. Text that is not valid JSON is never harmless.
    /// </summary>
    public string? FindPrivateReferenceInJson(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String
                    && FindPrivateReference(reader.GetString() ?? string.Empty) is { } reason)
                {
                    return reason;
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return $"the line is not valid JSON ({ex.Message})";
        }
        catch (InvalidOperationException ex)
        {
            // Invalid UTF-8 or an unpaired surrogate in a string.
            return $"the line cannot be read as text ({ex.Message})";
        }
    }

    private static IEnumerable<(int Start, int Length)> FindUris(string text)
    {
        var found = new List<(int, int)>();
        foreach (var scheme in s_schemes)
        {
            var from = 0;
            int at;
            while ((at = text.IndexOf(scheme, from, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var end = at + scheme.Length;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('"' or '\'' or '`' or '<' or '>' or '(' or ')' or '[' or ']' or '{' or '}' or ',' or ';' or '|'))
                {
                    end++;
                }

                // Sentence punctuation after a URI is not part of it.
                while (end > at + scheme.Length && text[end - 1] is '.' or ':' or '!' or '?')
                {
                    end--;
                }

                found.Add((at, end - at));
                from = end;
            }
        }

        // "hop://" contains no "gt://", but "xgt://" style overlaps are harmless: each span is judged on its own.
        return found.OrderBy(f => f.Item1);
    }

    private string? JudgeUri(string uriText)
    {
        if (!GtUri.TryParse(uriText, out var uri))
        {
            // Unreadable: it may well name us, so nothing can prove it harmless.
            return $"'{uriText}' is not a gt:// URI this SDK can read";
        }

        if (uri.Chain is not { } chain || !plan.IsOwnChain(chain))
        {
            return null;
        }

        if (uri.WorkId is not { } workId)
        {
            // The chain itself is public (town.json is published).
            return null;
        }

        if (uri.Rig is { } rig && !plan.IsPublicRigName(rig))
        {
            return $"'{uriText}' names the rig '{rig}', which is not public";
        }

        return plan.RouteOf(workId) is not { } route
            ? $"'{uriText}' names work this town does not route"
            : plan.IsPublic(route) ? null : $"'{uriText}' names work of a private rig";
    }

    private string? JudgeToken(string token)
    {
        if (plan.IsPrivateRigName(token))
        {
            return $"'{token}' names a private rig";
        }

        return plan.RoutesToPrivate(token) ? $"'{token}' is a work id of a private rig" : null;
    }
}
