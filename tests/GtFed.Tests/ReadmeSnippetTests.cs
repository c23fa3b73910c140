using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;

namespace GtFed.Tests;

/// <summary>The README's code comes from samples/Quickstart/Program.cs, which compiles in the solution: they must agree.</summary>
public sealed partial class ReadmeSnippetTests
{
    [GeneratedRegex(@"// begin-snippet: (\S+)\n(.*?)// end-snippet", RegexOptions.Singleline)]
    private static partial Regex Snippet();

    [Fact]
    public void Every_quickstart_snippet_appears_verbatim_in_every_tour()
    {
        var root = RepositoryRoot.Path;
        var program = File.ReadAllText(Path.Combine(root, "samples", "Quickstart", "Program.cs"));
        var snippets = Snippet().Matches(program);
        snippets.Count.ShouldBeGreaterThanOrEqualTo(3);

        // The tour lives between "quickstart-tour" markers: in docs/architecture.md always, and in README.md
        // once the README carries it (the lead pastes it there). Wherever it is, it must match the program.
        var tours = new[] { "README.md", Path.Combine("docs", "architecture.md") }
            .Select(file => (file, text: File.ReadAllText(Path.Combine(root, file))))
            .Where(t => t.text.Contains("<!-- quickstart-tour", StringComparison.Ordinal))
            .ToList();
        tours.Select(t => t.file).ShouldContain(Path.Combine("docs", "architecture.md"));
        foreach (var (file, text) in tours)
        {
            var tour = text[text.IndexOf("<!-- quickstart-tour", StringComparison.Ordinal)..];
            foreach (Match snippet in snippets)
            {
                tour.ShouldContain(Dedent(snippet.Groups[2].Value), customMessage: $"{file} is missing the '{snippet.Groups[1].Value}' snippet from samples/Quickstart/Program.cs; copy it over.");
            }
        }
    }

    // Snippets inside a block (a try) are indented in the program and flush left in the docs.
    private static string Dedent(string code)
    {
        var lines = code.TrimEnd().Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim();
    }

    [Fact]
    public void The_readme_starts_with_the_two_commands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        readme.ShouldContain("dotnet run --project samples/GtFed -- demo");
        readme.ShouldContain("dotnet test ");
        readme.IndexOf("dotnet run --project samples/GtFed -- demo", StringComparison.Ordinal)
            .ShouldBeLessThan(readme.IndexOf("dotnet test", StringComparison.Ordinal));
    }
}
