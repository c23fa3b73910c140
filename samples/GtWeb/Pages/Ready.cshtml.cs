using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtWeb.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>Ready work across the federation (open, every blocker closed, local or remote), a page at a time as the API pages it.</summary>
public sealed class ReadyModel(Town town) : PageModel
{
    // The page size the link asked for once read (null: it gave none, so the default), for the page links.
    private int? _size;

    /// <summary>The token of the page to show (the previous page's next), read as the API reads it (<see cref="Paging.After(HttpRequest)"/>), or null for the first.</summary>
    public string? After { get; private set; }

    /// <summary>This page's work units.</summary>
    public IReadOnlyList<WorkUnitSummary> Items { get; private set; } = [];

    /// <summary>The token of the next page, or null on the last.</summary>
    public string? Next { get; private set; }

    /// <summary>The links to the first and the next page.</summary>
    public PageLinks Links => new("/ready", new Dictionary<string, string?>(), _size, After, Next);

    /// <summary>What the query could not reach.</summary>
    public IReadOnlyList<UnreachableItem> Unreachable { get; private set; } = [];

    /// <summary>Unreachable items the answer counted instead of listing, by the chain whose units referred to them.</summary>
    public IReadOnlyList<UnreachableOmission> OmittedUnreachable { get; private set; } = [];

    /// <summary>The bounds that cut the query short (chains left unread): ready work in them is missing from every page.</summary>
    public IReadOnlyList<Truncation> Truncations { get; private set; } = [];

    /// <summary>What the chains this page read said about themselves (lines left out, notes), each once.</summary>
    public IReadOnlyList<ChainNote> ChainNotes { get; private set; } = [];

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The API's rules for limit and after (an empty after is none); always a page, of the default size unless the link says.
            _size = Paging.Limit(Request);
            After = Paging.After(Request);
            var request = Paging.Page(_size, After, GtWebDefaults.ReadyPageSize);
            // One page of the SDK's ready list (from the index when it can answer): what the page costs, not the whole
            // answer, so the page carries no totals; its next token is the SDK's, the one gtfed list --ready --after takes.
            var page = await town.Queries.GetReadyWorkPageAsync(request.Size, request.After, cancellationToken: cancellationToken);
            Items = page.Items;
            Next = page.Next;
            Unreachable = page.Unreachable;
            OmittedUnreachable = page.OmittedUnreachable;
            Truncations = page.Truncations;
            ChainNotes = ChainNote.Of(page.Chains);
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
        }
    }
}
