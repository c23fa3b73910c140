using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtWeb.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>The work units of one registered remote, a page at a time (by URI, as the API pages them).</summary>
public sealed class RemoteModel(Town town) : PageModel
{
    // The page size the link asked for once read (null: it gave none, so the default), for the page links.
    private int? _size;

    /// <summary>The remote's name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    /// <summary>The token of the page to show (the previous page's next), read as the API reads it (<see cref="Paging.After(HttpRequest)"/>), or null for the first.</summary>
    public string? After { get; private set; }

    /// <summary>This page of the answer, or null.</summary>
    public WorkListResult? Result { get; private set; }

    /// <summary>The token of the next page, or null on the last.</summary>
    public string? Next { get; private set; }

    /// <summary>The links to the first and the next page.</summary>
    public PageLinks Links => new("/remote", new Dictionary<string, string?> { ["name"] = Name }, _size, After, Next);

    /// <summary>Whether the remote's chain could not be read for want of a fetch (never fetched, or the last fetch failed): the page then offers one.</summary>
    public bool FetchMayHelp { get; private set; }

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            Error = this.Fail(new FederationException(FederationErrorKind.InvalidInput, "Name a remote: /remote?name=NAME."));
            return;
        }

        try
        {
            // One page of the SDK's remote list (from the index, only its own rows): a remote of a million units is
            // never loaded to draw fifty.
            _size = Paging.Limit(Request);
            After = Paging.After(Request);
            var request = Paging.Page(_size, After, GtWebDefaults.ListPageSize);
            var page = await town.Queries.ListByRemotePageAsync(Name, request.Size, request.After, cancellationToken: cancellationToken);
            UnreadRemote.ThrowIfUnread(page.Result);
            Result = page.Result;
            Next = page.Next;
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
            FetchMayHelp = ex is FederationQueryException { Reason: UnreachableReason.NeverFetched or UnreachableReason.FetchFailed };
        }
    }
}
