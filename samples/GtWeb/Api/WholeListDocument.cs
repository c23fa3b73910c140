using System.Text;
using System.Text.Json.Nodes;
using GasTown.Federation.Query;

namespace GtWeb.Api;

/// <summary>
/// A whole list asked for without <c>limit</c>: the SDK's walk read page by page into a <see cref="ListDocumentWriter"/>
/// (a page in memory, the rest spooled), then the document written to the response, byte for byte gtfed's without
/// <c>--limit</c>. The walk is read to its end before the first byte goes out, so a query's error is still the API's
/// problem response; a response of any size holds a page of the server's memory, not the list.
/// </summary>
internal sealed class WholeListDocument : IResult
{
    private readonly ListDocumentWriter _items;
    private readonly JsonObject _skeleton;

    private WholeListDocument(ListDocumentWriter items, JsonObject skeleton)
    {
        _items = items;
        _skeleton = skeleton;
    }

    /// <summary>
    /// Reads every page of <paramref name="pages"/>: its items, and the list's other fields from the first page (the same
    /// on every page); <paramref name="complete"/> sets what only the whole walk tells (ready work's blocked count).
    /// </summary>
    public static async Task<IResult> ReadAsync<TPage>(HttpContext context, IAsyncEnumerable<TPage> pages, Func<TPage, JsonObject> skeletonOf, Func<TPage, IEnumerable<JsonObject>> itemsOf, Action<JsonObject>? complete = null)
    {
        var items = new ListDocumentWriter();
        // Its spool file closes with the response even when the result never runs (a filter that answers instead).
        context.Response.RegisterForDispose(items);
        try
        {
            JsonObject? skeleton = null;
            await foreach (var page in pages.ConfigureAwait(false))
            {
                skeleton ??= skeletonOf(page);
                foreach (var item in itemsOf(page))
                {
                    items.Add(item);
                }
            }

            // A walk always gives its first page.
            skeleton = skeleton ?? throw new InvalidOperationException("The list walk gave no page.");
            complete?.Invoke(skeleton);
            return new WholeListDocument(items, skeleton);
        }
        catch
        {
            items.Dispose();
            throw;
        }
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (_items)
        {
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await using var body = new StreamWriter(httpContext.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
            await _items.WriteAsync(body, _skeleton, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
