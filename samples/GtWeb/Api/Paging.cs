using System.Globalization;
using System.Text.Json.Nodes;
using GasTown.Federation;

namespace GtWeb.Api;

/// <summary>
/// The API's <c>limit</c> and <c>after</c>: a list asked for with either is one page of the SDK's page query (its
/// <c>next</c> is the SDK's own token, the one gtfed's <c>--after</c> takes); asked for with neither, the whole list,
/// exactly as gtfed prints it without <c>--limit</c>.
/// </summary>
internal static class Paging
{
    /// <summary>
    /// The page to ask the SDK for, or null for the whole list (neither <c>limit</c> nor <c>after</c>; an empty
    /// <c>after</c>, as a form or a link may send, is no <c>after</c>).
    /// </summary>
    /// <exception cref="FederationException">The limit is out of range (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static PageRequest? Of(int? limit, string? after)
    {
        Validate(limit);
        after = string.IsNullOrEmpty(after) ? null : after;
        return limit is null && after is null ? null : new PageRequest(limit ?? GtWebDefaults.ApiPageSize, after);
    }

    /// <summary>A page's document with the token of the next page, when there is one (as gtfed adds it).</summary>
    public static JsonObject WithNext(JsonObject document, string? next)
    {
        if (next is not null)
        {
            document["next"] = next;
        }

        return document;
    }

    /// <summary>Checks a requested page size.</summary>
    /// <exception cref="FederationException">The limit is out of range (<see cref="FederationErrorKind.InvalidInput"/>).</exception>
    public static void Validate(int? limit)
    {
        if (limit is < 1 or > GtWebDefaults.MaxPageSize)
        {
            throw new FederationException(
                FederationErrorKind.InvalidInput,
                string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {GtWebDefaults.MaxPageSize}; leave it out for the whole list."));
        }
    }
}
