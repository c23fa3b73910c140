using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>Every work unit of one registered remote.</summary>
public sealed class RemoteModel(Town town) : PageModel
{
    /// <summary>The remote's name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    /// <summary>The answer, or null.</summary>
    public WorkListResult? Result { get; private set; }

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            Error = "Name a remote: /remote?name=NAME.";
            return;
        }

        try
        {
            Result = await town.Queries.ListByRemoteAsync(Name, cancellationToken: cancellationToken);
        }
        catch (FederationException ex)
        {
            Error = ex.Message;
        }
    }
}
