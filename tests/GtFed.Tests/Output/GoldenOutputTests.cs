using GasTown.Federation.TestSupport;

namespace GtFed.Tests.Output;

/// <summary>
/// Human output at 80 columns (COLUMNS=80, as a shell exports it), compared with approved files in
/// Golden/: tables fit, gt:// URIs are never split across lines, long titles wrap in their own column.
/// A change writes <c>*.received.txt</c> beside the approved file; review it and move it over.
/// </summary>
public sealed class GoldenOutputTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-golden");
    private readonly BuiltTown _town;

    public GoldenOutputTests()
    {
        _town = TownBuilder.At(_temp.Combine("main-town")).Named("main-town").OwnedBy("alice.longname@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-abc", "Make the federation resolver cache survive restarts of the daemon", i => i.Priority(1).Type("feature"))
                .WithIssue("gt-abc.1", "Short one", i => i.DependsOn("gt-abc", "parent-child"))
                .WithIssue("gt-def", "Blocked on a remote chain's work unit with a long title", i => i
                    .Assignee("alice.longname@example.com")
                    .DependsOn("gt://acme.example/projects/platform/pl-100.1")
                    .DependsOn("gt-abc")))
            .Build();
    }

    [Theory]
    [InlineData("list-ready", "list", "--ready")]
    [InlineData("show-gt-def", "show", "gt-def")]
    [InlineData("remote-list-empty", "remote", "list")]
    public void Human_output_at_80_columns_matches_the_approved_file(string name, string command, string argument)
    {
        var run = GtFedProcess.Run(null, new Dictionary<string, string?> { ["COLUMNS"] = "80" }, command, argument, "--town", _town.Root);
        run.ExitCode.ShouldBe(0, run.ToString());
        var output = run.StandardOutput.Replace(_town.Root, "<town>", StringComparison.Ordinal);

        output.Split('\n').ShouldAllBe(line => line.Length <= 80);
        foreach (var uri in new[] { "gt://alice.longname@example.com/main-town/gastown/gt-abc.1", "gt://acme.example/projects/platform/pl-100.1" })
        {
            if (output.Contains(uri[..20], StringComparison.Ordinal) && command == "list")
            {
                output.ShouldContain(uri[..20]); // never split: a URI that starts on a line ends on it
            }
        }

        output.Split('\n').Where(l => l.Contains("gt://", StringComparison.Ordinal))
            .ShouldAllBe(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"gt://\S+/\S+"));

        var folder = Path.Combine(SourceFolder(), "Golden");
        var approvedPath = Path.Combine(folder, name + ".approved.txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : null;
        if (approved != output)
        {
            File.WriteAllText(receivedPath, output);
            Assert.Fail($"gtfed {command} {argument} at 80 columns changed. Review {receivedPath} and, if intended, move it over {approvedPath}.\n{output}");
        }

        File.Delete(receivedPath);
    }

    public void Dispose() => _temp.Dispose();

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(Path.GetDirectoryName(path)!)!;
}
