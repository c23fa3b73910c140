using Microsoft.AspNetCore.WebUtilities;

namespace GtWeb;

/// <summary>
/// The links under a paged view (<c>Pages/Shared/_PageLinks.cshtml</c>): back to the first page when this is not it, and
/// to the next page (<c>#next-page</c>, <c>rel=next</c>) when the SDK gave a token. Every paged page builds its links here.
/// </summary>
/// <param name="Path">The page's path, e.g. <c>/ready</c>.</param>
/// <param name="Query">The page's own query values (the remote's name, the actor glob), kept on every link.</param>
/// <param name="Limit">The page size the link asked for, or null for the page's default.</param>
/// <param name="After">This page's token, or null on the first page.</param>
/// <param name="Next">The SDK's token for the next page, or null on the last.</param>
public sealed record PageLinks(string Path, IReadOnlyDictionary<string, string?> Query, int? Limit, string? After, string? Next)
{
    /// <summary>The first page's link, or null when this is the first page.</summary>
    public string? First => string.IsNullOrEmpty(After) ? null : Link(null);

    /// <summary>The next page's link, or null on the last page.</summary>
    public string? NextLink => Next is null ? null : Link(Next);

    private string Link(string? after)
    {
        var values = new Dictionary<string, string?>(Query, StringComparer.Ordinal);
        if (Limit is { } limit)
        {
            values["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (after is not null)
        {
            values["after"] = after;
        }

        return QueryHelpers.AddQueryString(Path, values.Where(v => v.Value is not null));
    }
}
