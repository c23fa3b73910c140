using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GtFed.Tests.Output;

/// <summary>
/// A chain's rows are written a thousand to a table (Spectre lays a table out whole, about 6 KB a row): a long chain's
/// parts carry one header and line up, and every row is written once; a short chain is one table, as always.
/// </summary>
public sealed class WorkTableTests
{
    private const string Chain = "gt://alice@example.com/town";

    [Fact]
    public void A_chain_of_more_rows_than_a_table_holds_is_written_in_parts_that_line_up_with_one_header()
    {
        // Ids and types of different widths, the widest late, so that only widths taken over the whole chain line up.
        var rows = Enumerable.Range(0, 2 * WorkTable.RowsPerTable + 500)
            .Select(i => Unit($"gt-{i}", i == 2400 ? "merge-request" : "task", $"Work {i}"))
            .ToList();

        var lines = Render(rows).Split('\n').Select(l => l.TrimEnd()).ToList();

        lines.Count(l => l.StartsWith("  id ", StringComparison.Ordinal)).ShouldBe(1);
        lines.Count(l => l == Chain + "/").ShouldBe(1);
        var written = lines.Where(l => l.StartsWith("  gastown/gt-", StringComparison.Ordinal)).ToList();
        written.Count.ShouldBe(rows.Count);
        written.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ShouldBe(rows.Select(r => "gastown/" + r.Id));

        // The parts read as one table: no blank line between two rows, one before the header and one after the last row.
        var first = lines.FindIndex(l => l.StartsWith("  gastown/gt-", StringComparison.Ordinal));
        lines.Skip(first).Take(rows.Count).ShouldAllBe(l => l.StartsWith("  gastown/gt-", StringComparison.Ordinal));
        lines.Count(l => l.Length == 0).ShouldBe(3); // the top edge, the bottom edge, and the output's last line feed

        // Every part puts each column where the first part does.
        var header = lines.Single(l => l.StartsWith("  id ", StringComparison.Ordinal));
        foreach (var line in written)
        {
            line.IndexOf(" open ", StringComparison.Ordinal).ShouldBe(header.IndexOf(" status", StringComparison.Ordinal), line);
            line.IndexOf(" Work ", StringComparison.Ordinal).ShouldBe(header.IndexOf(" title", StringComparison.Ordinal), line);
        }
    }

    [Fact]
    public void A_short_chain_is_one_table_as_before()
    {
        var rows = new[] { Unit("gt-1", "task", "One"), Unit("gt-22", "feature", "Two") };

        var lines = Render(rows).Split('\n').Select(l => l.TrimEnd()).ToList();

        lines.ShouldBe([Chain + "/", "", "  id              status   type      P   title", new string('─', 48), "  gastown/gt-1    open     task      2   One", "  gastown/gt-22   open     feature   2   Two", "", ""]);
    }

    [Fact]
    public void A_title_of_a_megabyte_shows_its_first_two_hundred_characters_and_how_many_are_left()
    {
        // A chain's line may be up to MaxLineBytes long, its title nearly all of it; an emoji (two UTF-16 units) sits
        // across the cut, which never splits it.
        var title = new string('a', 199) + "\U0001F600" + new string('b', 1_000_000);
        var rows = new[] { Unit("gt-1", "task", title), Unit("gt-2", "task", "Short") };

        var output = Render(rows);

        WorkRow.Of(rows[0]).Title.ShouldBe(new string('a', 199) + "\U0001F600… (1,000,000 more characters)");
        output.Length.ShouldBeLessThan(3_000); // the cell wraps at the console's width
        string.Concat(output.Where(c => !char.IsWhiteSpace(c))).ShouldContain("b…(1,000,000morecharacters)".Replace("b…", "\U0001F600…", StringComparison.Ordinal));
        output.ShouldContain("Short");
        TerminalText.Cut("Short").ShouldBe("Short");
        TerminalText.Cut(new string('x', 200)).ShouldBe(new string('x', 200));
    }

    [Fact]
    public void A_status_or_type_of_a_hundred_characters_keeps_the_rows_and_their_titles()
    {
        // A chain's status and type are any text: at 80 columns a 100-character one left the table one "…" line.
        var odd = new WorkUnitSummary(GtUri.Parse($"{Chain}/gastown/gt-1"), "gastown",
            new WorkUnit { Id = "gt-1", Title = "First title", Status = new WorkStatus(new string('s', 100)), IssueType = new WorkType(new string('t', 100)), Priority = 2 });
        var rows = new[] { odd, Unit("gt-2", "task", "Second title") };

        var output = Render(rows);

        output.ShouldContain("First title");
        output.ShouldContain("Second title");
        output.ShouldContain(new string('s', 24) + "…");
        output.ShouldNotContain(new string('s', 25));
        WorkRow.Of(rows[0]).IssueType.ShouldBe(new string('t', 24) + "…");
        TerminalText.CutWord("in_progress").ShouldBe("in_progress");
    }

    private static WorkUnitSummary Unit(string id, string type, string title) => new(
        GtUri.Parse($"{Chain}/gastown/{id}"),
        "gastown",
        new WorkUnit { Id = id, Title = title, Status = WorkStatus.Open, IssueType = new WorkType(type), Priority = 2 });

    private static string Render(IReadOnlyList<WorkUnitSummary> rows)
    {
        using var output = new StringWriter();
        var console = RedirectedConsole.Over(output);
        WorkTable.Write(console, rows);
        return output.ToString();
    }
}
