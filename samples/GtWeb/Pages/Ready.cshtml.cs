using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtWeb.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>Ready work across the federation (open, every blocker closed, local or remote), paged as the API pages it.</summary>
public sealed class ReadyModel(Town town) : PageModel
{
    /// <summary>Rows per page.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Limit { get; set; }

    /// <summary>The token of the page to show (the previous page's next).</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>This page's work units.</summary>
    public IReadOnlyList<WorkUnitSummary> Items { get; private set; } = [];

    /// <summary>How many ready work units there are in all.</summary>
    public int Total { get; private set; }

    /// <summary>How many open work units are blocked.</summary>
    public int Blocked { get; private set; }

    /// <summary>The position of this page's first row (0-based).</summary>
    public int Offset { get; private set; }

    /// <summary>The token of the next page, or null on the last.</summary>
    public string? Next { get; private set; }

    /// <summary>What the query could not reach.</summary>
    public IReadOnlyList<UnreachableItem> Unreachable { get; private set; } = [];

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var size = Limit ?? GtWebDefaults.ReadyPageSize;
            Paging.Validate(size);
            Offset = PageToken.Decode(After);
            var result = await town.Queries.GetReadyWorkAsync(cancellationToken);
            Total = result.Ready.Count;
            Blocked = result.Blocked.Count;
            Unreachable = result.Unreachable;
            Items = [.. result.Ready.Skip(Offset).Take(size)];
            Next = Offset + Items.Count < Total ? PageToken.Encode(Offset + Items.Count) : null;
        }
        catch (FederationException ex)
        {
            Error = ex.Message;
        }
    }
}
