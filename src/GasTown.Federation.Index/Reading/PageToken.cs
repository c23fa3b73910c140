using System.Buffers.Text;
using System.Text;

namespace GasTown.Federation.Index;

/// <summary>
/// Continuation tokens: opaque to callers, base64url of a kind letter and the position (the last URI of a page, or a
/// change sequence number). A token that does not decode is bad input, never a silent first page.
/// </summary>
internal static class PageToken
{
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

        throw new FederationIndexException(FederationErrorKind.InvalidInput, $"'{token}' is not a continuation token of the index for {what}; {where}.");
    }
}
