using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index;
using GasTown.Federation.Query;
using GtWeb.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>Full-text search over every indexed chain (titles, descriptions, notes, comments), paged by the index's own tokens.</summary>
public sealed class SearchModel(Town town) : PageModel
{
    // The page size the link asked for once read (null: it gave none, so the default), for the page links.
    private int? _size;

    /// <summary>The words to find.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    /// <summary>Only this registered remote's chain, when given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Remote { get; set; }

    /// <summary>Only this status, when given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>The index's token of the page to show, read as the API reads it (<see cref="Paging.After(HttpRequest)"/>), or null for the first.</summary>
    public string? After { get; private set; }

    /// <summary>This page's work units.</summary>
    public IReadOnlyList<WorkUnitSummary> Items { get; private set; } = [];

    /// <summary>The token of the next page, or null on the last.</summary>
    public string? Next { get; private set; }

    /// <summary>The links to the first and the next page, the search's text and filters kept on each (encoded as query values).</summary>
    public PageLinks Links => new("/search", new Dictionary<string, string?> { ["q"] = Text, ["remote"] = Remote, ["status"] = Status }, _size, After, Next);

    /// <summary>Every indexed chain the answer covers: those that could not answer and why, those answered from an older snapshot, and the lines any left out.</summary>
    public IReadOnlyList<IndexedChain> Chains { get; private set; } = [];

    /// <summary>Why the results may be stale (the index could not be brought up to date), or null.</summary>
    public string? Stale { get; private set; }

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The limit and token by the API's rules (/api/search takes both too), before the words: a bad one is refused on
            // the empty form as well, where it was dropped.
            _size = Paging.Limit(Request);
            After = Paging.After(Request);
            if (string.IsNullOrWhiteSpace(Text))
            {
                return;
            }

            var query = new IndexQuery { Remote = Remote, Status = Inputs.Filter(Status)?.Status, Limit = _size ?? GtWebDefaults.ReadyPageSize, After = After };
            var page = await town.Index.SearchAsync(Text, query, cancellationToken);
            Items = page.Items;
            Next = page.Next;
            Chains = page.Chains;
            Stale = page.Stale;
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
        }
    }
}
