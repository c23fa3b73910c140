using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>An organisation: its verified members, the claims it never made (and why they stay unverified), and their work.</summary>
public sealed class OrgModel(Town town) : PageModel
{
    /// <summary>The organisation's domain (or a person's email).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    /// <summary>The answer, or null.</summary>
    public OrganizationWorkResult? Result { get; private set; }

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Entity))
        {
            Error = "Give an organisation: its domain, such as acme.com.";
            return;
        }

        try
        {
            Result = await town.Queries.ListByOrganizationAsync(Inputs.Entity(Entity), cancellationToken: cancellationToken);
        }
        catch (FederationException ex)
        {
            Error = ex.Message;
        }
    }
}
