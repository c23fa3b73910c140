using System.Globalization;
using System.Text.Json.Nodes;
using GasTown.Federation;

namespace GtWeb.Api;

/// <summary>
/// Pages a query document: <c>items</c> keeps the page, <c>count</c> says how many it holds, and <c>next</c>
/// (when there is more) is the token for the following page. Without a limit the document is served whole,
/// exactly as a CLI prints it.
/// </summary>
internal static class Paging
{
    /// <summary>Pages a list document (<c>{..., count, items, ...}</c>) in place.</summary>
    public static JsonObject Page(JsonObject document, int? limit, string? after)
    {
        var items = document["items"]!.AsArray();
        var (page, next) = Slice(items, limit, after);
        document["items"] = page;
        document["count"] = page.Count;
        if (next is not null)
        {
            document["next"] = next;
        }

        return document;
    }

    /// <summary>Checks a requested page size.</summary>
    public static void Validate(int? limit)
    {
        if (limit is < 1 or > GtWebDefaults.MaxPageSize)
        {
            throw new FederationException(
                FederationErrorKind.InvalidInput,
                string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {GtWebDefaults.MaxPageSize}; leave it out for the whole list."));
        }
    }

    private static (JsonArray Page, string? Next) Slice(JsonArray items, int? limit, string? after)
    {
        Validate(limit);
        var offset = PageToken.Decode(after);
        if (offset > items.Count)
        {
            throw new FederationException(FederationErrorKind.InvalidInput, "The 'after' token points past the end of the list (it changed since); start again without 'after'.");
        }

        var take = limit ?? items.Count;
        var page = new JsonArray();
        foreach (var item in items.Skip(offset).Take(take))
        {
            // A node has one parent: the page holds copies.
            page.Add(item?.DeepClone());
        }

        var end = offset + page.Count;
        return (page, end < items.Count ? PageToken.Encode(end) : null);
    }
}
