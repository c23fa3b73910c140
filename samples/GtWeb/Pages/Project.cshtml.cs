using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtWeb.Federation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>
/// A project across chains: its tree with the portions delegated to other chains, completion cascading up,
/// and a picture of the graph (chains as groups, delegation and blocking edges drawn differently, closed work greyed).
/// </summary>
public sealed class ProjectModel(Town town) : PageModel
{
    /// <summary>The project: a gt:// URI or a short form of this town.</summary>
    [BindProperty(Name = "ref", SupportsGet = true)]
    public string? Reference { get; set; }

    /// <summary>The project answer (delegated work included), or null.</summary>
    public ProjectWorkResult? Result { get; private set; }

    internal ProjectGraph? Graph { get; private set; }

    /// <summary>The graph as cytoscape.js elements, JSON text for a data attribute (Razor encodes it).</summary>
    public string? GraphJson { get; private set; }

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Reference))
        {
            Error = this.Fail(new FederationException(FederationErrorKind.InvalidInput, "Give a project: a gt:// URI or a short form such as pl-100."));
            return;
        }

        try
        {
            Result = await town.Queries.ListByProjectAsync(Reference, includeDelegated: true, cancellationToken: cancellationToken);
            Graph = ProjectGraph.Build(Result);
            GraphJson = Graph.ToCytoscape().ToJsonString();
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
        }
    }
}
