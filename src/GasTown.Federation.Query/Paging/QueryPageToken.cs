using System.Buffers.Text;
using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.Model.Internal;

namespace GasTown.Federation.Query;

/// <summary>
/// Continuation tokens of every paged query of this package: opaque to callers, base64url of a kind letter, the
/// fingerprint of the list (<see cref="PagedList"/>) and the position (<c>o:</c> and the last URI of an organisation list
/// page; <c>f:</c> and the search position of an organisation search page; <c>p:</c> and the last URI of a project list
/// page; <c>l:</c> and the last URI of a remote list page; <c>r:</c>, the priority, <c>:</c> and the URI of a ready-work
/// page, see <see cref="ReadyPagePosition"/>; <c>a:</c> and the last entry of an audit page, see
/// <see cref="AuditPagePosition"/>; <c>d:</c> and the last dependent's URI of a dependents page). A token that does not
/// decode is bad input, never a silent first page; one list's token is never taken for another's, of another kind or of
/// the same kind with another selector or filter. (The
/// index's own pages have their own codec, <c>GasTown.Federation.Index.PageToken</c>: the two packages share no internals.)
/// </summary>
internal static class QueryPageToken
{
    public const char List = 'o';

    public const char Search = 'f';

    public const char Project = 'p';

    public const char Ready = 'r';

    public const char Remote = 'l';

    public const char Audit = 'a';

    public const char Dependents = 'd';

    public static string Encode(PagedList list, string position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(list.Kind + ":" + list.Fingerprint + ":" + position));

    /// <summary>
    /// The position of a token of <paramref name="list"/>; false when it does not decode or is of another kind. A token
    /// of the same kind for another list throws (<see cref="OtherList"/>). The caller checks the position's own form.
    /// </summary>
    public static bool TryDecode(PagedList list, string token, out string position)
    {
        position = string.Empty;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return false; // Not base64url: the caller reports it.
        }

        var prefix = list.Kind + ":";
        var end = prefix.Length + ListFingerprint.Length;
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Length <= end || text[end] != ':')
        {
            return false;
        }

        if (!text.AsSpan(prefix.Length, end - prefix.Length).SequenceEqual(list.Fingerprint))
        {
            throw OtherList(list, token);
        }

        position = text[(end + 1)..];
        return position.Length > 0;
    }

    public static string? Decode(PagedList list, string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (TryDecode(list, token, out var position)
            && (list.Kind != Search || long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return position;
        }

        throw NotAToken(list, token);
    }

    /// <summary>The error for a token that is not one of <paramref name="list"/>'s kind.</summary>
    public static FederationQueryException NotAToken(PagedList list, string token) => new(FederationQueryError.BadInput,
        $"{MessageText.Quote(token)} is not a continuation token of {list.Description}; pass the 'next' value of the previous page, or none for the first page.", token);

    /// <summary>The error for a token of the right kind from another list (another remote, organisation, project, search, actor or filter).</summary>
    private static FederationQueryException OtherList(PagedList list, string token) => new(FederationQueryError.BadInput,
        $"{MessageText.Quote(token)} continues {list.Description} other than this one (another selector or filter, or another town's); pass the 'next' value of this list's previous page, or none for the first page.", token);
}
