using GasTown.Federation;
using GasTown.Federation.Index;
using Microsoft.Extensions.Time.Testing;

namespace GtFed.Tests.Output;

public sealed class IndexProgressWriterTests
{
    private static readonly GtUri Chain = GtUri.Parse("gt://bob@example.com/bob-town");

    [Fact]
    public void Redirected_it_writes_whole_lines_each_file_end_and_at_most_one_line_in_between_every_few_seconds()
    {
        var error = new StringWriter { NewLine = "\n" };
        var clock = new FakeTimeProvider();
        var progress = new IndexProgressWriter(error, live: false, clock);

        progress.Report(new IndexProgress(Chain, "api/.beads/issues.jsonl", 100, 1_000, 16_384));
        progress.Report(new IndexProgress(Chain, "api/.beads/issues.jsonl", 200, 1_000, 32_768)); // too soon: not written
        clock.Advance(IndexProgressWriter.RedirectedInterval);
        progress.Report(new IndexProgress(Chain, "api/.beads/issues.jsonl", 300, 1_000, 49_152));
        progress.Report(new IndexProgress(Chain, "api/.beads/issues.jsonl", 1_000, 1_000, 60_000)); // the end: always written

        error.ToString().ShouldBe(
            "indexing gt://bob@example.com/bob-town api/.beads/issues.jsonl: 16384 lines, 10%\n"
            + "indexing gt://bob@example.com/bob-town api/.beads/issues.jsonl: 49152 lines, 30%\n"
            + "indexing gt://bob@example.com/bob-town api/.beads/issues.jsonl: 60000 lines, 100%\n");
        progress.LineOpen.ShouldBeFalse();
    }

    [Fact]
    public void On_a_terminal_it_rewrites_one_line_and_a_remote_path_cannot_write_controls()
    {
        var error = new StringWriter();
        var progress = new IndexProgressWriter(error, live: true);

        progress.Report(new IndexProgress(Chain, "api\u001b]0;pwned\u0007/.beads/issues.jsonl", 0, 0, 0));

        error.ToString().ShouldBe("\rindexing gt://bob@example.com/bob-town api<U+001B>]0;pwned<U+0007>/.beads/issues.jsonl: 0 lines, 100%   ");
        progress.LineOpen.ShouldBeTrue();
    }
}
