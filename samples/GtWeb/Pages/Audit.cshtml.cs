using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GtWeb.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>An actor glob's history as a timeline, newest first, a page at a time: events, beads and git commits, local and remote.</summary>
public sealed class AuditModel(Town town, TimeProvider clock) : PageModel
{
    // The page size the link asked for once read (null: it gave none, so the default), for the page links.
    private int? _size;

    /// <summary>A glob over actor paths: gastown/*, */polecats/*, mayor.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    /// <summary>
    /// Only entries at or after this, as gtfed's <c>--since</c> reads it: a time, a date or a duration back from now (7d),
    /// which each page counts back from its own now, as <c>gtfed audit --since 7d --after</c> does.
    /// </summary>
    [BindProperty(SupportsGet = true)]
    public string? Since { get; set; }

    /// <summary>The token of the page to show (the previous page's next), read as the API reads it (<see cref="Paging.After(HttpRequest)"/>), or null for the first.</summary>
    public string? After { get; private set; }

    /// <summary>This page of the answer, or null.</summary>
    public AuditResult? Result { get; private set; }

    /// <summary>The token of the next page, or null on the last.</summary>
    public string? Next { get; private set; }

    /// <summary>The links to the first and the next page.</summary>
    public PageLinks Links => new("/audit", new Dictionary<string, string?> { ["actor"] = Actor, ["since"] = Since }, _size, After, Next);

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The limit and token before the actor, as the API reads them: a bad one is refused on the empty form too, not dropped.
            _size = Paging.Limit(Request);
            After = Paging.After(Request);
            if (string.IsNullOrWhiteSpace(Actor))
            {
                return;
            }

            var since = Inputs.Since("since", Since, clock);
            // One page of the SDK's audit: from the index it reads only the page's window, however deep the page.
            var request = Paging.Page(_size, After, GtWebDefaults.ListPageSize);
            var page = await town.Queries.AuditPageAsync(ActorPattern.Parse(Actor), since, request.Size, request.After, cancellationToken);
            Result = page.Result;
            Next = page.Next;
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
        }
    }
}
