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
                .WithIssue("gt-3", InvisibleTitle))
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
        run.StandardOutput.ShouldContain("Fix]0;pwned[2J");
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

    public void Dispose() => _temp.Dispose();
}
