using System.Buffers;
using System.Buffers.Text;
using System.Text;
using GasTown.Federation.Model;
using GasTown.Federation.Model.Internal;

namespace GasTown.Federation.Index;

/// <summary>
/// Continuation tokens: opaque to callers, base64url of a kind letter and the position (the last URI of a page, or a
/// change sequence number). A page's token also carries the fingerprint of its query (<see cref="ListFingerprint"/>: the
/// remote, filters and search text), so a token from another list is refused; the change feed's resume token, which
/// a reader keeps for as long as it follows the feed, carries none. A token that does not decode is bad input, never a
/// silent first page.
/// </summary>
internal static class PageToken
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>A page's token: the kind, the fingerprint of the query (<paramref name="scope"/>) and the position.</summary>
    public static string EncodeForQuery(char kind, string scope, string position) => Encode(kind, scope + ":" + position);

    /// <summary>
    /// The position a page's token holds; bad input when it is not a token of <paramref name="kind"/>, or is one of a
    /// query other than <paramref name="scope"/>'s.
    /// </summary>
    public static string DecodeForQuery(char kind, string scope, string token, string what)
    {
        var text = Decode(kind, token, what);
        var length = ListFingerprint.Length;
        if (text.Length > length + 1 && text[length] == ':' && !text.AsSpan(0, length).ContainsAnyExcept(HexDigits))
        {
            if (text.AsSpan(0, length).SequenceEqual(scope))
            {
                return text[(length + 1)..];
            }

            throw new FederationIndexException(FederationErrorKind.InvalidInput,
                $"{MessageText.Quote(token)} continues {what} other than this one (another remote, filter or search); pass the 'next' value of this list's previous page, or none for the first page.");
        }

        throw new FederationIndexException(FederationErrorKind.InvalidInput, $"{MessageText.Quote(token)} is not a continuation token of the index for {what}; pass the 'next' value of the previous page, or none for the first page.");
    }

    public static string Encode(char kind, string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(kind + ":" + position));

    /// <summary>The position <paramref name="token"/> holds; bad input when it is not a token of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind letter the token must carry.</param>
    /// <param name="token">The caller's token.</param>
    /// <param name="what">What it continues, for the message ("a list").</param>
    /// <param name="where">Where a good one comes from, for the message.</param>
    public static string Decode(char kind, string token, string what, string where = "pass the 'next' value of the previous page, or none for the first page")
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.Length >= 2 && text[0] == kind && text[1] == ':')
            {
                return text[2..];
            }
        }
        catch (FormatException)
        {
            // Reported below.
        }

        throw new FederationIndexException(FederationErrorKind.InvalidInput, $"{MessageText.Quote(token)} is not a continuation token of the index for {what}; {where}.");
    }
}
