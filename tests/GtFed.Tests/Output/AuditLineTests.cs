using GasTown.Federation.TestSupport;

namespace GtFed.Tests.Output;

/// <summary>
/// An audit line shows a chain's event type, summary and actor cut as a row's title is: an event whose type was three
/// megabytes was printed whole (the issue files' limit on a line does not reach the event log's text).
/// </summary>
public sealed class AuditLineTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-audit-line");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_event_of_a_huge_type_is_shown_cut_with_how_much_was_left_out()
    {
        var town = _temp.Combine("town");
        GtFedProcess.Run("init", "--town", town, "--owner", "alice@example.com", "--name", "town").ExitCode.ShouldBe(0);
        var type = new string('x', 100_000);
        File.AppendAllText(Path.Combine(town, ".events.jsonl"),
            $$"""{"ts":"2026-01-02T03:04:05Z","source":"gt","type":"{{type}}","actor":"gastown/crew/joe","payload":{"n":1},"visibility":"feed"}""" + "\n");

        var run = GtFedProcess.Run("audit", "--actor", "*", "--town", town);

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.Length.ShouldBeLessThan(5_000, run.StandardOutput[..Math.Min(500, run.StandardOutput.Length)]);
        string.Concat(run.StandardOutput.Where(c => !char.IsWhiteSpace(c))).ShouldContain("…(99,800morecharacters)");
        run.StandardOutput.ShouldContain("by gastown/crew/joe");
    }
}
