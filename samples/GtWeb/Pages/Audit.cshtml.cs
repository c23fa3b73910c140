using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>An actor glob's history as a timeline, newest first: events, beads and git commits, local and remote.</summary>
public sealed class AuditModel(Town town) : PageModel
{
    /// <summary>A glob over actor paths: gastown/*, */polecats/*, mayor.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    /// <summary>The answer, or null.</summary>
    public AuditResult? Result { get; private set; }

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Actor))
        {
            return;
        }

        try
        {
            Result = await town.Queries.AuditAsync(ActorPattern.Parse(Actor), cancellationToken: cancellationToken);
        }
        catch (FederationException ex)
        {
            Error = ex.Message;
        }
    }
}
