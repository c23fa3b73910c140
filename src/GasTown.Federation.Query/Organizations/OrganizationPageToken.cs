using System.Buffers.Text;
using System.Text;

namespace GasTown.Federation.Query;

/// <summary>
/// Continuation tokens of organisation pages: opaque to callers, base64url of a kind letter and the position (<c>o:</c>
/// and the last URI of a list page; <c>f:</c> and the search position of a search page). A token that does not decode
/// is bad input, never a silent first page; a list's token is not a search's. Project lists use the same codec with their
/// own kind (<c>p:</c> and the last URI), so an organisation's token is not a project's.
/// </summary>
internal static class OrganizationPageToken
{
    public const char List = 'o';

    public const char Search = 'f';

    public const char Project = 'p';

    public static string Encode(char kind, string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(kind + ":" + position));

    /// <summary>
    /// The position of a token of <paramref name="kind"/> (any page's: ready pages share this codec with their own kind);
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
            $"'{token}' is not a continuation token of {(kind switch { List => "an organisation list", Search => "an organisation search", _ => "a project list" })}; pass the 'next' value of the previous page, or none for the first page.", token);
    }
}
