using Spectre.Console;
using System.Text.Json.Nodes;
using GasTown.Federation.Index;
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

        if (context.Json)
        {
            var views = page.Items.Select(i => WorkUnitView.Build(i, dependencies: null)).ToList();
            await context.WriteJsonAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("query", queryName);
                w.WriteNumber("count", views.Count);
                w.WriteStartArray("items");
                foreach (JsonObject view in views)
                {
                    view.WriteTo(w);
                }

                w.WriteEndArray();
                if (page.Next is not null)
                {
                    w.WriteString("next", page.Next);
                }

                w.WriteStartArray("unavailable");
                foreach (var chain in page.Unavailable)
                {
                    w.WriteStartObject();
                    w.WriteString("chain", chain.Uri.ToString());
                    w.WriteString("reason", chain.Unavailable?.ToString());
                    w.WriteString("message", chain.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        WorkTable.Write(context.Human, page.Items);
        if (page.Next is not null)
        {
            context.Human.WriteLine($"more: --after {page.Next}");
        }
    }
}
