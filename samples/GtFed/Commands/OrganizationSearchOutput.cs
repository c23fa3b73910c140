using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GtFed.Cli;
using Spectre.Console;

namespace GtFed.Commands;

/// <summary>
/// <c>gtfed search TEXT --org ENTITY</c>: the organisation's work (list --org's member rule) that matches the words, one
/// page; the document is list --org's with <c>query</c> <c>search</c>, the <c>text</c>, and <c>next</c> when there is more.
/// </summary>
internal static class OrganizationSearchOutput
{
    public static async Task RunAsync(GtFedContext context, Town town, EntityId organization, string text, string? status, int limit, string? after, CancellationToken cancellationToken)
    {
        var filter = status is null ? null : new WorkFilter(Status: new GasTown.Federation.Model.WorkStatus(status));
        var page = await town.Queries.SearchByOrganizationAsync(organization, text, limit, after, filter, cancellationToken).ConfigureAwait(false);
        var result = page.Result;
        await Reports.WriteUnverifiedAsync(context, result.UnverifiedClaims).ConfigureAwait(false);
        await Reports.WriteUnreachableAsync(context, result.Unreachable).ConfigureAwait(false);
        await Reports.WriteTrustAsync(context, result.Chains, result.Truncations).ConfigureAwait(false);
        if (context.Json)
        {
            var document = QueryDocuments.OrganizationList(result);
            document["query"] = "search";
            document["text"] = text;
            if (page.Next is not null)
            {
                document["next"] = page.Next;
            }

            await context.WriteJsonAsync(w => document.WriteTo(w)).ConfigureAwait(false);
            return;
        }

        context.Human.MarkupLine($"[bold]{TerminalText.Markup($"{result.Organization}: {ListCommand.VerifiedMembers(result.Members)}; {result.Items.Count} matching work units")}[/]");
        WorkTable.Write(context.Human, [.. result.Items.Select(i => i.WorkUnit)]);
        await context.WriteMoreAsync(page.Next).ConfigureAwait(false);
    }
}
