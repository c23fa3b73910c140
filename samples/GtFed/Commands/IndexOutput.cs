using Spectre.Console;
using GasTown.Federation.Index;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GtFed.Cli;

namespace GtFed.Commands;

/// <summary>Prints a page of the federation index as <c>list</c> does: items, count, next, and the chains that could not answer.</summary>
internal static class IndexOutput
{
    public static async Task WritePageAsync(GtFedContext context, string queryName, IndexPage page)
    {
        foreach (var chain in page.Unavailable)
        {
            await context.NoteAsync($"{chain.Uri} is unavailable ({chain.Unavailable}): {chain.Message}").ConfigureAwait(false);
        }

        foreach (var chain in page.FromOlderSnapshots)
        {
            await context.NoteAsync($"{chain.Uri}: {chain.Message}").ConfigureAwait(false);
        }

        if (context.Json)
        {
            var document = IndexDocuments.Page(queryName, page);
            await context.WriteJsonAsync(w => document.WriteTo(w)).ConfigureAwait(false);
            return;
        }

        // The heading says how many, so an empty page reads as an answer ("search: 0 work units"), not as silence.
        context.Human.MarkupLine($"[bold]{TerminalText.Markup($"{queryName}: {page.Items.Count} work units")}[/]");
        WorkTable.Write(context.Human, page.Items);
        if (page.Next is not null)
        {
            context.Human.WriteLine($"more: --after {page.Next}");
        }
    }
}
