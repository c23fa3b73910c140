using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GtWeb.Api;
using GtWeb.Federation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GtWeb.Pages;

/// <summary>
/// One work unit by gt:// URI or short form: its upstream fields, its dependencies resolved across chains,
/// its dependents, the work it delegated and who closed what.
/// </summary>
public sealed class UnitModel(Town town) : PageModel
{
    // The page size of dependents the link asked for once read (null: it gave none, so the default), for the page links.
    private int? _size;

    /// <summary>The reference asked for: gt://… or a short form of this town (pl-100.1, rig/id, external:rig:id).</summary>
    [BindProperty(Name = "ref", SupportsGet = true)]
    public string? Reference { get; set; }

    /// <summary>The show answer, or null.</summary>
    public ShowResult? Result { get; private set; }

    /// <summary>The beads fields as upstream wrote them (the same object the API serves), scalar ones only.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; private set; } = [];

    /// <summary>The token of the page of dependents to show (the previous page's next), read as the API reads it (<see cref="Paging.After(HttpRequest)"/>), or null for the first.</summary>
    public string? After { get; private set; }

    /// <summary>This page of the work anywhere in the federation whose dependencies name this unit (each unit once, with its first such edge's type), from the SDK's dependents query.</summary>
    public IReadOnlyList<(WorkUnitSummary Unit, DependencyType Type)> DependentUnits { get; private set; } = [];

    /// <summary>How many work units depend on this one in all; a page lists <see cref="GtWebDefaults.DependentsShown"/> of them unless the link's <c>limit</c> says.</summary>
    public int DependentCount { get; private set; }

    /// <summary>The bounds that cut the dependents query short (chains left unread, whose units may depend on this one too).</summary>
    public IReadOnlyList<Truncation> DependentTruncations { get; private set; } = [];

    /// <summary>The chains the dependents query could not read (never fetched, refused, …), whose units may depend on this one too, and why.</summary>
    public IReadOnlyList<UnreachableItem> DependentUnreachable { get; private set; } = [];

    /// <summary>Whether chains were left unread (<see cref="DependentTruncations"/>, <see cref="DependentUnreachable"/>): the dependents listed may not be all.</summary>
    public bool DependentsIncomplete => DependentTruncations.Count > 0 || DependentUnreachable.Count > 0;

    /// <summary>The SDK's token for the next page of dependents, or null on the last.</summary>
    public string? Next { get; private set; }

    /// <summary>
    /// The links to the first and the next page of dependents, naming the unit by its gt:// URI: the short form typed
    /// (<c>pl-100.1</c>, <c>rig/id</c>) names a unit only relative to this town, and the pages must name the same one.
    /// </summary>
    public PageLinks Links => new("/unit", new Dictionary<string, string?> { ["ref"] = Result?.WorkUnit.Uri.ToString() ?? Reference }, _size, After, Next);

    /// <summary>What this unit delegated to other chains, with each child's state and closer.</summary>
    public IReadOnlyList<DelegatedPortion> Delegations { get; private set; } = [];

    /// <summary>Who closed this unit, when it is closed: its assignee, else the last commenter (as the query library says).</summary>
    public string? ClosedBy { get; private set; }

    /// <summary>What the chains read for this page (the unit's, its dependencies', dependents' and delegations') said about themselves, each once.</summary>
    public IReadOnlyList<ChainNote> ChainNotes { get; private set; } = [];

    /// <summary>Why there is no answer, or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Reference))
        {
            Error = this.Fail(new FederationException(FederationErrorKind.InvalidInput, "Give a work unit: a gt:// URI or a short form such as pl-100.1."));
            return;
        }

        try
        {
            // The dependents' page size and token by the API's rules (/api/dependents takes both too): a bad one is refused,
            // not dropped.
            _size = Paging.Limit(Request);
            After = Paging.After(Request);
            var result = await town.Queries.ShowAsync(Reference, cancellationToken);
            Result = result;
            ChainNotes = ChainNote.Of(result.Chains);
            Fields = [.. QueryDocuments.WorkUnit(result.WorkUnit)
                .Where(p => p.Value is JsonValue && p.Key is not ("description" or "title"))
                .Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.ToString()))];
            // The SDK finds the edges that name this unit (from the index, by its id: never the whole federation).
            // One page of them: the SDK parses only that page's lines, however many units depend on this one.
            var page = await town.Queries.GetDependentsPageAsync(result.WorkUnit.Uri.ToString(), _size ?? GtWebDefaults.DependentsShown, After, cancellationToken);
            var dependents = page.Result;
            DependentCount = page.DependentCount;
            Next = page.Next;
            DependentTruncations = dependents.Truncations;
            DependentUnreachable = dependents.Unreachable;
            DependentUnits = [.. dependents.Dependents.DistinctBy(d => d.WorkUnit.Uri).Select(d => (d.WorkUnit, d.Type))];
            // The unit's delegations come with its project listing. A page of one unit carries the whole listing's
            // delegated portions while reading one unit's line: the whole listing would parse every unit under this one.
            var project = (await town.Queries.ListByProjectPageAsync(result.WorkUnit.Uri.ToString(), includeDelegated: true, limit: 1, cancellationToken: cancellationToken)).Result;
            Delegations = [.. project.Delegations.Where(d => d.Parent == result.WorkUnit.Uri)];
            ChainNotes = ChainNote.Of(result.Chains, dependents.Chains, project.Chains);
            var unit = result.WorkUnit.WorkUnit;
            if (unit.IsClosed)
            {
                ClosedBy = unit.Assignee ?? unit.Comments.MaxBy(c => c.CreatedAt.Value)?.Author;
            }
        }
        catch (FederationException ex)
        {
            Error = this.Fail(ex);
        }
    }
}
