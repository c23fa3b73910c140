using System.Buffers.Text;
using System.Text;

namespace GasTown.Federation.Query;

/// <summary>
/// Continuation tokens of every paged query of this package: opaque to callers, base64url of a kind letter and the
/// position (<c>o:</c> and the last URI of an organisation list page; <c>f:</c> and the search position of an
/// organisation search page; <c>p:</c> and the last URI of a project list page; <c>l:</c> and the last URI of a remote
/// list page; <c>r:</c>, the priority, <c>:</c> and the URI of a ready-work page, see <see cref="ReadyPagePosition"/>;
/// <c>a:</c> and the last entry of an audit page, see <see cref="AuditPagePosition"/>). A token that does not decode is
/// bad input, never a
/// silent first page; one list's token is never taken for another's. (The index's own pages have their own codec,
/// <c>GasTown.Federation.Index.PageToken</c>: the two packages share no internals.)
/// </summary>
internal static class QueryPageToken
{
    public const char List = 'o';

    public const char Search = 'f';

    public const char Project = 'p';

    public const char Ready = 'r';

    public const char Remote = 'l';

    public const char Audit = 'a';

    public static string Encode(char kind, string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(kind + ":" + position));

    /// <summary>
    /// The position of a token of <paramref name="kind"/>;
    /// false when it does not decode or is of another kind. The caller checks the position's own form.
    /// </summary>
    public static bool TryDecode(char kind, string token, out string position)
    {
        position = string.Empty;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.Length >= 3 && text[0] == kind && text[1] == ':')
            {
                position = text[2..];
                return true;
            }
        }
        catch (FormatException)
        {
            // Not base64url: the caller reports it.
        }

        return false;
    }

    public static string? Decode(char kind, string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (TryDecode(kind, token, out var position)
            && (kind != Search || long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return position;
        }

        throw new FederationQueryException(FederationQueryError.BadInput,
            $"'{token}' is not a continuation token of {(kind switch { List => "an organisation list", Search => "an organisation search", Remote => "a remote list", _ => "a project list" })}; pass the 'next' value of the previous page, or none for the first page.", token);
    }
}
