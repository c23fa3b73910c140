using System.Buffers.Text;
using System.Globalization;
using System.Text;
using GasTown.Federation;

namespace GtWeb.Api;

/// <summary>
/// The opaque <c>after</c>/<c>next</c> token of a paged answer: the position after the last item served,
/// base64url-encoded so that clients treat it as opaque and pass it back as given.
/// </summary>
internal static class PageToken
{
    private const string Prefix = "o:";

    public static string Encode(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The offset a token names; 0 when there is no token.</summary>
    /// <exception cref="FederationException">The token is not one GtWeb gave out (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static int Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            text = string.Empty;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw new FederationException(FederationErrorKind.InvalidInput, "The 'after' token is not one this server gave out; pass back the 'next' value of the previous page unchanged.");
        }

        return offset;
    }
}
