using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>
/// A chain that is verified, fresh and has no dropped issues line can still carry a note (a routes line skipped, and the
/// rig it named left out with it; a failed last fetch): a query says it on standard error, as its JSON does.
/// </summary>
public sealed class ChainNoteTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-chain-notes");

    [Fact]
    public void A_chain_note_alone_is_said_on_standard_error_with_how_many_more_there_are()
    {
        var town = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Ready work"))
            .WithRouteLine("""{"prefix":1,"path":"other"}""")
            .WithRouteLine("not json")
            .Build().Root;

        var run = GtFedProcess.Run("list", "--ready", "--town", town);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StandardOutput.ShouldContain("gt-1");
        var note = run.StandardError.Split('\n').Where(l => l.StartsWith("gt://alice@example.com/town: ", StringComparison.Ordinal)).ShouldHaveSingleItem();
        note.ShouldContain(".beads/routes.jsonl:");
        note.ShouldContain("(and 1 more note(s): --json lists them)");
        GtFedProcess.Run("list", "--ready", "--town", town, "--json").Json().ToString()!.ShouldContain("routes.jsonl");
    }

    [Fact]
    public void A_note_that_names_its_chain_is_said_after_the_chain_once()
    {
        // The dropped-lines notice starts with its chain's URI: the line said "gt://…/town: 1 unreadable line(s) left
        // out: gt://…/town: 1 line(s) of its issues files …".
        var town = TownBuilder.At(_temp.Combine("dropped")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Ready work").WithIssueLine("not json"))
            .Build().Root;

        var run = GtFedProcess.Run("list", "--ready", "--town", town);

        run.ExitCode.ShouldBe(0, run.ToString());
        var note = run.StandardError.Split('\n').Where(l => l.StartsWith("gt://alice@example.com/town: ", StringComparison.Ordinal)).ShouldHaveSingleItem();
        note.ShouldContain("1 unreadable line(s) left out: 1 line(s) of its issues files");
        note.Split("gt://alice@example.com/town").Length.ShouldBe(2, note);
    }

    [Fact]
    public void A_search_and_the_change_feed_say_the_lines_they_could_not_read_as_a_list_does()
    {
        // They said nothing: a search that could not see a unit's malformed line looked whole.
        var town = TownBuilder.At(_temp.Combine("search")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Ready work").WithIssueLine("not json"))
            .Build().Root;

        var list = NoteOf(GtFedProcess.Run("list", "--ready", "--town", town));
        list.ShouldContain("1 unreadable line(s) left out: 1 line(s) of its issues files");
        NoteOf(GtFedProcess.Run("search", "ready", "--town", town)).ShouldBe(list);
        NoteOf(GtFedProcess.Run("changes", "--town", town)).ShouldBe(list);

        // Their JSON has the chains as a list's has them.
        var listed = GtFedProcess.Run("list", "--remote", "gt://alice@example.com/town", "--limit", "5", "--town", town, "--json").Json().GetProperty("chains").ToString();
        GtFedProcess.Run("search", "ready", "--town", town, "--json").Json().GetProperty("chains").ToString().ShouldBe(listed);
        GtFedProcess.Run("changes", "--town", town, "--json").Json().GetProperty("chains").ToString().ShouldBe(listed);
    }

    [Fact]
    public void Index_names_the_first_line_a_chain_s_files_hold_that_it_could_not_read()
    {
        // It said "1 line(s) dropped" and no more: which line, and why, took a query with --json.
        var town = TownBuilder.At(_temp.Combine("index")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Ready work").WithIssueLine("not json"))
            .Build().Root;

        var run = GtFedProcess.Run("index", "--town", town);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StandardOutput.ShouldContain("1 line(s) dropped");
        run.StandardOutput.ShouldContain("  1 line(s) of its issues files hold no work unit a query can see (1 not JSON); the first is in gastown/");
        run.StandardOutput.ShouldContain("(and 1 more note(s): --json lists them)");
        var notes = GtFedProcess.Run("index", "--town", town, "--json").Json().GetProperty("chains")[0].GetProperty("notes");
        notes.GetArrayLength().ShouldBe(2);
        notes[1].GetString()!.ShouldContain("the line is not valid JSON");
    }

    private static string NoteOf(GtFedRun run)
    {
        run.ExitCode.ShouldBe(0, run.ToString());
        return run.StandardError.Split('\n').Where(l => l.StartsWith("gt://alice@example.com/town: ", StringComparison.Ordinal)).ShouldHaveSingleItem();
    }

    public void Dispose() => _temp.Dispose();
}
