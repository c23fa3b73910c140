using System.Globalization;
using GasTown.Federation;
using GasTown.Federation.Query;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace GtFed;

/// <summary>
/// Lists of work units for a person: one table per chain under the chain's gt:// URI, rows naming the
/// work unit as <c>rig/id</c> within it. Every column but the title keeps its text whole, so nothing is
/// split mid-word and the table fits 80 columns; the full URI is the chain line plus the row's id.
/// </summary>
/// <remarks>
/// Spectre.Console lays a table out whole, holding every cell's rendering until it is written (about 6 KB a row): a
/// chain's rows are therefore written <see cref="RowsPerTable"/> at a time, each later part without headers and with the
/// first part's column widths, so a list of half a million rows costs its rows, not gigabytes of layout.
/// </remarks>
internal static class WorkTable
{
    /// <summary>The most rows one Spectre table holds; a chain with more is written in parts of this many.</summary>
    public const int RowsPerTable = 1_000;

    /// <summary>Writes the tables of <paramref name="items"/>.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="items">The work units, in the list's order.</param>
    /// <param name="continuing">
    /// The chain the previous page of the same list ended in (a list written page by page as it comes): its line is not
    /// repeated when this page goes on in that chain. Null for a first page or a whole list.
    /// </param>
    /// <returns>The chain the last row is in (pass it with the next page), or <paramref name="continuing"/> for no rows.</returns>
    public static GtUri? Write(IAnsiConsole console, IReadOnlyList<WorkUnitSummary> items, GtUri? continuing = null)
        => Write(console, [.. items.Select(WorkRow.Of)], continuing);

    /// <summary>Writes the tables of <paramref name="rows"/>, as <see cref="Write(IAnsiConsole, IReadOnlyList{WorkUnitSummary}, GtUri?)"/> does.</summary>
    public static GtUri? Write(IAnsiConsole console, IReadOnlyList<WorkRow> rows, GtUri? continuing = null)
    {
        var last = continuing;
        foreach (var group in rows.GroupBy(r => r.Uri.ChainUri))
        {
            if (group.Key != last)
            {
                console.MarkupLine($"[grey]{TerminalText.Markup(group.Key)}/[/]");
            }

            last = group.Key;
            var chainRows = group.ToList();
            if (chainRows.Count <= RowsPerTable)
            {
                console.Write(Table(chainRows.Select(Cells), widths: null));
                continue;
            }

            // The parts line up: every column but the title is as wide as its widest cell in the whole chain. Each part's
            // cells are made as it is written, so only a thousand rows' markup lives at a time.
            var options = RenderOptions.Create(console, console.Profile.Capabilities);
            int[] widths = ["id".Length, "status".Length, "type".Length, "P".Length];
            foreach (var row in chainRows)
            {
                var cells = Cells(row);
                for (var i = 0; i < widths.Length; i++)
                {
                    widths[i] = Math.Max(widths[i], ((IRenderable)new Markup(cells[i])).Measure(options, int.MaxValue).Max);
                }
            }

            for (var start = 0; start < chainRows.Count; start += RowsPerTable)
            {
                var table = Table(chainRows.Skip(start).Take(RowsPerTable).Select(Cells), widths);
                table.ShowHeaders = start == 0;

                // One table to the eye: the first part has the top edge, the last the bottom one, and none between.
                table.Border = start == 0 ? ContinuedTableBorder.First
                    : start + RowsPerTable >= chainRows.Count ? ContinuedTableBorder.Last
                    : ContinuedTableBorder.Middle;
                console.Write(table);
            }
        }

        return last;
    }

    private static Table Table(IEnumerable<string[]> cells, int[]? widths)
    {
        var table = Tables.Create(("id", true), ("status", true), ("type", true), ("P", true), ("title", false));
        if (widths is not null)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                table.Columns[i].Width = widths[i];
            }
        }

        foreach (var row in cells)
        {
            table.AddRow(row);
        }

        return table;
    }

    private static string[] Cells(WorkRow row) =>
    [
        TerminalText.Markup(row.Uri.Rig is null ? row.Uri.WorkId : $"{row.Uri.Rig}/{row.Uri.WorkId}"),
        TerminalText.Markup(row.Status),
        TerminalText.Markup(row.IssueType),
        row.Priority.ToString(CultureInfo.InvariantCulture),
        TerminalText.Markup(row.Title),
    ];
}
