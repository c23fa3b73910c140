using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>
/// "What changed since I last looked": the index's change feed, newest first. The page links to itself with the
/// feed's resume token, so bookmarking that link is how a lead keeps their place.
/// </summary>
public sealed class ChangesModel(Town town) : PageModel
{
    /// <summary>The resume token of an earlier look; null for the newest changes.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Since { get; set; }

    /// <summary>The changes, newest first.</summary>
    public IReadOnlyList<IndexChange> Items { get; private set; } = [];

    /// <summary>The token to come back with.</summary>
    public string? Resume { get; private set; }

    /// <summary>The token of the page of older changes this page left out (more than one page happened), or null.</summary>
    public string? Older { get; private set; }

    /// <summary>Whether the link's token came from an index file since rebuilt (the page then holds every change kept).</summary>
    public bool Restarted { get; private set; }

    /// <summary>Every indexed chain the answer covers: those that could not answer and why, those answered from an older snapshot, and the lines any left out.</summary>
    public IReadOnlyList<IndexedChain> Chains { get; private set; } = [];

    /// <summary>Why these may not be every change (the index could not be brought up to date), or null.</summary>
    public string? Stale { get; private set; }

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var page = await town.Index.GetChangesAsync(Since, 100, cancellationToken);
            Items = page.Items;
            Resume = page.Resume;
            Older = page.Older;
            Restarted = page.Restarted;
            Stale = page.Stale;
            Chains = page.Chains;
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
        }
    }
}
