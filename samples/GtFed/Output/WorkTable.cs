using System.Globalization;
using GasTown.Federation;
using GasTown.Federation.Query;
using Spectre.Console;

namespace GtFed;

/// <summary>
/// Lists of work units for a person: one table per chain under the chain's gt:// URI, rows naming the
/// work unit as <c>rig/id</c> within it. Every column but the title keeps its text whole, so nothing is
/// split mid-word and the table fits 80 columns; the full URI is the chain line plus the row's id.
/// </summary>
internal static class WorkTable
{
    /// <summary>Writes the tables of <paramref name="items"/>.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="items">The work units, in the list's order.</param>
    /// <param name="continuing">
    /// The chain the previous page of the same list ended in (a list written page by page as it comes): its line is not
    /// repeated when this page goes on in that chain. Null for a first page or a whole list.
    /// </param>
    /// <returns>The chain the last row is in (pass it with the next page), or <paramref name="continuing"/> for no rows.</returns>
    public static GtUri? Write(IAnsiConsole console, IReadOnlyList<WorkUnitSummary> items, GtUri? continuing = null)
    {
        var last = continuing;
        foreach (var group in items.GroupBy(i => Parse(i).ChainUri))
        {
            if (group.Key != last)
            {
                console.MarkupLine($"[grey]{TerminalText.Markup(group.Key)}/[/]");
            }

            last = group.Key;
            var table = Tables.Create(("id", true), ("status", true), ("type", true), ("P", true), ("title", false));
            foreach (var item in group)
            {
                var uri = Parse(item);
                table.AddRow(
                    TerminalText.Markup(uri.Rig is null ? uri.WorkId : $"{uri.Rig}/{uri.WorkId}"),
                    TerminalText.Markup(item.Status),
                    TerminalText.Markup(item.IssueType),
                    item.Priority.ToString(CultureInfo.InvariantCulture),
                    TerminalText.Markup(item.Title));
            }

            console.Write(table);
        }

        return last;
    }

    private static GtUri Parse(WorkUnitSummary item) => GtUri.Parse(item.Uri.ToString()!);
}
