using System.Globalization;
using System.Text.Json.Nodes;
using GasTown.Federation;

namespace GtWeb.Api;

/// <summary>
/// The API's <c>limit</c> and <c>after</c>: a list asked for with either is one page of the SDK's page query (its
/// <c>next</c> is the SDK's own token, the one gtfed's <c>--after</c> takes); asked for with neither, the whole list,
/// exactly as gtfed prints it without <c>--limit</c>. The pages take the same two with the same rules.
/// </summary>
internal static class Paging
{
    /// <summary>
    /// The page to ask the SDK for, or null for the whole list (neither <c>limit</c> nor <c>after</c>; an empty one, as a
    /// form or a link may send, is none).
    /// </summary>
    /// <exception cref="FederationException">The limit is not a whole number or out of range, or after is several tokens (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static PageRequest? Of(string? limit, string? after)
    {
        var size = Limit(limit);
        var token = After(after);
        return size is null && token is null ? null : new PageRequest(size ?? GtWebDefaults.ApiPageSize, token);
    }

    /// <summary>
    /// The page a page of the site shows: always one, of <paramref name="defaultSize"/> unless the link gave a size (read by
    /// <see cref="Limit(HttpRequest)"/>), after the token <see cref="After(HttpRequest)"/> read.
    /// </summary>
    public static PageRequest Page(int? size, string? after, int defaultSize) => new(size ?? defaultSize, after);

    /// <summary>A page's document with the token of the next page, when there is one (as gtfed adds it).</summary>
    public static JsonObject WithNext(JsonObject document, string? next)
    {
        if (next is not null)
        {
            document["next"] = next;
        }

        return document;
    }

    /// <summary>
    /// The page size a page of the site was asked for, read as the API's endpoints read theirs: every <c>limit</c> the query
    /// holds, joined by commas, as a minimal API binds a text value given more than once. A page's own model binding takes
    /// the first and drops the rest, so <c>/ready?limit=5&amp;limit=6</c> drew five rows where <c>/api/ready</c> refused it.
    /// </summary>
    /// <exception cref="FederationException">Not one whole number, or out of range (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static int? Limit(HttpRequest request) => Limit(request.Query["limit"].ToString());

    /// <summary>
    /// The token a page of the site was asked for, read as the API's endpoints read theirs (<see cref="After(string)"/>):
    /// every <c>after</c> the query holds, joined by commas, as a minimal API binds a text value given more than once. A
    /// page's own model binding took the first and dropped the rest, so <c>/ready?after=T&amp;after=U</c> drew the page
    /// after T where <c>/api/ready</c> refused it.
    /// </summary>
    /// <exception cref="FederationException">Several tokens (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static string? After(HttpRequest request) => After(request.Query["after"].ToString());

    /// <summary>
    /// The token a request gave, or null when it gave none (an empty one, as a form or a link may send, is none). The SDK's
    /// page query judges the token itself: one it never gave out is its bad input, naming the list it does not continue.
    /// </summary>
    /// <exception cref="FederationException">Several tokens (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static string? After(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // A token given twice reaches here as both joined by a comma (how the framework binds it), which no token holds
        // (the SDK's and the index's are base64url): say so, as for limit, or the SDK's "'T,U' is not a continuation
        // token" leaves the reader looking for a comma they never typed.
        if (text.Contains(',', StringComparison.Ordinal))
        {
            throw new FederationException(
                FederationErrorKind.InvalidInput,
                $"after takes one token, the 'next' value of the previous page; {Inputs.Quote(text)} is several (after given more than once, or a list). Give it once, or leave it out for the first page.");
        }

        return text;
    }

    /// <summary>
    /// The page size a request wrote, or null when it wrote none (an empty value is none). Read here rather than bound by
    /// the framework, whose binding failure is a bare 400 that names neither the parameter nor what it takes.
    /// </summary>
    /// <exception cref="FederationException">Not a whole number, or out of range (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static int? Limit(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // A limit given twice reaches here as both values joined by a comma (how the framework binds it): say so, or
        // "'5,6' is not a whole number" leaves the reader looking for a comma they never typed.
        if (text.Contains(',', StringComparison.Ordinal))
        {
            throw new FederationException(
                FederationErrorKind.InvalidInput,
                string.Create(CultureInfo.InvariantCulture, $"limit takes one whole number from 1 to {GtWebDefaults.MaxPageSize}; {Inputs.Quote(text)} is several (limit given more than once, or a list). Give it once, or leave it out for the whole list."));
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new FederationException(
                FederationErrorKind.InvalidInput,
                string.Create(CultureInfo.InvariantCulture, $"limit takes a whole number from 1 to {GtWebDefaults.MaxPageSize}; {Inputs.Quote(text)} is not one. Leave it out for the whole list."));
        }

        if (value is < 1 or > GtWebDefaults.MaxPageSize)
        {
            throw new FederationException(
                FederationErrorKind.InvalidInput,
                string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {GtWebDefaults.MaxPageSize}; it is {value}. Leave it out for the whole list."));
        }

        return (int)value;
    }
}
