using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtWeb.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>An organisation: its verified members, the claims it never made (and why they stay unverified), and their work a page at a time.</summary>
public sealed class OrgModel(Town town) : PageModel
{
    // The page size the link asked for once read (null: it gave none, so the default), for the page links.
    private int? _size;

    /// <summary>The organisation's domain (or a person's email).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    /// <summary>The token of the page to show (the previous page's next), read as the API reads it (<see cref="Paging.After(HttpRequest)"/>), or null for the first.</summary>
    public string? After { get; private set; }

    /// <summary>This page of the answer (every member and claim, this page's work), or null.</summary>
    public OrganizationWorkResult? Result { get; private set; }

    /// <summary>The token of the next page, or null on the last.</summary>
    public string? Next { get; private set; }

    /// <summary>The links to the first and the next page.</summary>
    public PageLinks Links => new("/org", new Dictionary<string, string?> { ["entity"] = Entity }, _size, After, Next);

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Entity))
        {
            Error = this.Fail(new FederationException(FederationErrorKind.InvalidInput, "Give an organisation: its domain, such as acme.com."));
            return;
        }

        try
        {
            // One page of the members' work (by URI, then member); the members and claims are the whole organisation's.
            _size = Paging.Limit(Request);
            After = Paging.After(Request);
            var request = Paging.Page(_size, After, GtWebDefaults.ListPageSize);
            var page = await town.Queries.ListByOrganizationPageAsync(Inputs.Entity(Entity), request.Size, request.After, cancellationToken: cancellationToken);
            Result = page.Result;
            Next = page.Next;
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
        }
    }
}
