using GasTown.Federation.TestSupport;

namespace GtFed.Tests.Output;

/// <summary>
/// Titles come from other people's chains: printed to a terminal they must not retitle the window,
/// clear the screen, forge lines or reorder text (issue 11); in --json they are escaped, not dropped.
/// </summary>
public sealed class HostileTextTests : IDisposable
{
    private const string HostileTitle = "Fix\u001b]0;pwned\u0007\u001b[2J\r\nFORGED: all good\u202Etxt.exe\u009b31m";
    private const string InvisibleTitle = "Pay al\u200Bice\u2060 \uDB40\uDC41now; the \U0001F469\u200D\U0001F4BB team's fix";
    private readonly TempDirectory _temp = new("gtfed-hostile");
    private readonly BuiltTown _town;

    public HostileTextTests()
    {
        _town = TownBuilder.At(_temp.Combine("town")).OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", HostileTitle, i => i.Description("line one\u001b[31m\nline two"))
                .WithIssue("gt-2", "Depends on the hostile one", i => i.DependsOn("gt-1"))
                .WithIssue("gt-3", InvisibleTitle)
                .WithIssue("gt-4", "Closed with notes", i => i
                    .Notes("note one\u001b[31m\r\nnote two")
                    .Closed("2026-01-08T15:28:00-08:00", "dup\u202Eof gt-1")))
            .Build();
    }

    [Theory]
    [InlineData("show", "gt-1")]
    [InlineData("show", "gt-2")]
    [InlineData("list", "--ready")]
    public void Human_output_carries_no_control_or_bidi_character(string command, string argument)
    {
        var run = GtFedProcess.Run(command, argument, "--town", _town.Root);

        run.ExitCode.ShouldBe(0, run.ToString());
        foreach (var text in new[] { run.StandardOutput, run.StandardError })
        {
            text.ShouldNotContain('\u001b');
            text.ShouldNotContain('\u0007');
            text.ShouldNotContain('\r');
            text.ShouldNotContain('\u202E');
            text.ShouldNotContain('\u009b');
        }

        // The forged text stays on the title's line instead of starting a line of its own.
        run.StandardOutput.Split('\n').ShouldNotContain(line => line.TrimStart(' ', '│', '|').StartsWith("FORGED", StringComparison.Ordinal));
        run.StandardOutput.ShouldContain("Fix<U+001B>]0;pwned<U+0007><U+001B>[2J");

        // Shown, not dropped: without it "all good", U+202E, "txt.exe" read as an honest "all goodtxt.exe".
        run.StandardOutput.ShouldContain("all good<U+202E>txt.exe");
    }

    [Fact]
    public void Show_gives_the_notes_and_when_and_why_the_unit_was_closed_as_json_does_cleaned_like_every_field()
    {
        var run = GtFedProcess.Run("show", "gt-4", "--town", _town.Root);

        run.ExitCode.ShouldBe(0, run.ToString());
        var lines = run.StandardOutput.Split('\n');
        lines.ShouldContain("closed 2026-01-08T23:28:00Z  reason dup<U+202E>of gt-1", run.ToString());
        // Notes keep their lines, as the description does, with a control shown by its code point.
        run.StandardOutput.ShouldContain("notes\nnote one<U+001B>[31m\nnote two\n", Case.Sensitive, run.ToString());
        run.StandardOutput.ShouldNotContain('\u001b');
        run.StandardOutput.ShouldNotContain('\u202E');
    }

    [Fact]
    public void Json_output_escapes_the_same_title_and_keeps_it_exact()
    {
        var run = GtFedProcess.Run("show", "gt-1", "--town", _town.Root, "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StandardOutput.ShouldNotContain('\u001b');
        run.StandardOutput.ShouldNotContain('\u202E');
        run.StandardOutput.ShouldContain("\\u001B");
        run.Json().GetProperty("title").GetString().ShouldBe(HostileTitle);
    }

    [Fact]
    public void Characters_a_terminal_draws_as_nothing_are_shown_by_their_code_point_and_an_emoji_sequence_is_kept()
    {
        var run = GtFedProcess.Run("show", "gt-3", "--town", _town.Root);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.StandardOutput.ShouldContain("Pay al<U+200B>ice<U+2060> <U+E0041>now; the \U0001F469\u200D\U0001F4BB team's fix");
        run.StandardOutput.ShouldNotContain('\u200B');
        run.StandardOutput.ShouldNotContain('\u2060');
        run.StandardOutput.ShouldNotContain("\uDB40");

        var json = GtFedProcess.Run("show", "gt-3", "--town", _town.Root, "--json");
        json.Json().GetProperty("title").GetString().ShouldBe(InvisibleTitle);
    }

    [Theory]
    // A joiner or selector beside characters shown by code point (C1 controls, bidi marks) is beside ASCII as printed.
    [InlineData("al\u0080\u200D\u0080ice", "al<U+0080><U+200D><U+0080>ice")]
    [InlineData("al\u200E\uFE0Fice", "al<U+200E><U+FE0F>ice")]
    // Controls and bidi controls are shown as their code points; a CR ends a line only before a line feed.
    [InlineData("Fix\u001b[2J\u0007", "Fix<U+001B>[2J<U+0007>")]
    [InlineData("a\r\nb\rc", "a b<U+000D>c")]
    [InlineData("pl-100\u202E", "pl-100<U+202E>")]
    [InlineData("\u2067x\u2069 \u061C\u200F", "<U+2067>x<U+2069> <U+061C><U+200F>")]
    [InlineData("al\u200B\u200Dice", "al<U+200B><U+200D>ice")]
    // Invisible characters outside the first plane: variation selector 17, shorthand and musical format controls.
    [InlineData("al\U000E0100ice", "al<U+E0100>ice")]
    [InlineData("al\U0001BCA0ice", "al<U+1BCA0>ice")]
    [InlineData("\u8FBB\U000E0080", "\u8FBB<U+E0080>")] // unassigned in the tags' block: default-ignorable, not a selector
    [InlineData("\u8FBB\U000E0FFF", "\u8FBB<U+E0FFF>")]
    [InlineData("al\U0001D173ice", "al<U+1D173>ice")]
    // A tag sequence is shown, even after a black flag, unless it is one of the three recommended flags.
    [InlineData("\U0001F3F4\U000E0068\U000E0069\U000E007F", "\U0001F3F4<U+E0068><U+E0069><U+E007F>")]
    // Lone surrogates and a long run of joiners neither throw nor recurse.
    [InlineData("a\uDB40b\uDC41c", "a\uDB40b\uDC41c")]
    public void Invisible_characters_are_shown_whatever_surrounds_them(string text, string printed)
        => TerminalText.Clean(text).ShouldBe(printed);

    [Theory]
    [InlineData("\U0001F469\u200D\U0001F4BB")] // woman technologist: a joiner between two emoji
    [InlineData("\u2764\uFE0F\u200D\U0001F525")] // heart on fire: a joiner after a selector kept after its emoji
    [InlineData("1\uFE0F\u20E3")] // keycap one
    [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F")] // flag of Scotland
    [InlineData("\u8FBB\U000E0100")] // an ideograph's variant (variation selector 17)
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")] // Persian with a non-joiner
    public void Sequences_in_which_joiners_and_selectors_do_their_work_are_kept(string text)
        => TerminalText.Clean(text).ShouldBe(text);

    [Fact]
    public void A_title_of_nothing_but_joiners_is_shown_without_overflowing_the_stack()
        => TerminalText.Clean(new string('\u200D', 100_000)).Length.ShouldBe(800_000);

    public void Dispose() => _temp.Dispose();
}
