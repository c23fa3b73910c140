namespace GasTown.Federation.GitTransport;

/// <summary>
/// A password written into a remote's URL (<c>https://user:secret@host/repo.git</c>). Registering one is refused (git
/// config would keep it in plain text and every message naming the remote would show it); a URL that has one anyway
/// (git config edited by hand) is shown with the password replaced, in logs and fetch errors.
/// </summary>
internal static class UrlCredentials
{
    private const string Hidden = "***";

    /// <summary>Whether <paramref name="url"/> (scheme://user:password@host/…) carries a password.</summary>
    public static bool HasPassword(string url) => PasswordRange(url) is not null;

    /// <summary><paramref name="url"/> with its password, if any, replaced by <c>***</c>.</summary>
    public static string Redacted(string url)
        => PasswordRange(url) is var (start, length) ? string.Concat(url.AsSpan(0, start), Hidden, url.AsSpan(start + length)) : url;

    /// <summary>
    /// Text that was meant as a URL but is not one (a scheme mistyped, <c>https//ci:s3cret@host/r.git</c>), with whatever
    /// stands between a ':' and a later '@' replaced by <c>***</c>, as a password would: for a message that echoes it.
    /// A URL is redacted as <see cref="Redacted"/> does; <c>user@host:path</c> has no ':' before its '@' and is kept.
    /// </summary>
    public static string RedactedText(string text)
    {
        if (PasswordRange(text) is not null)
        {
            return Redacted(text);
        }

        var at = text.LastIndexOf('@');
        var colon = at < 0 ? -1 : text.AsSpan(0, at).IndexOf(':');
        return colon < 0 ? text : string.Concat(text.AsSpan(0, colon + 1), Hidden, text.AsSpan(at));
    }

    // The password's place: after the first ':' of the user information, which runs from "://" to the authority's last '@'.
    private static (int Start, int Length)? PasswordRange(string url)
    {
        if (GitUrl.Scheme(url) is not { } scheme)
        {
            return null;
        }

        var authorityStart = scheme.Length + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        var authority = url.AsSpan(authorityStart, (authorityEnd < 0 ? url.Length : authorityEnd) - authorityStart);
        var at = authority.LastIndexOf('@');
        var colon = at < 0 ? -1 : authority[..at].IndexOf(':');
        return colon < 0 ? null : (authorityStart + colon + 1, at - colon - 1);
    }
}
