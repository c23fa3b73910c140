using System.Text.RegularExpressions;

namespace GtFed.Tests;

/// <summary>The README's code comes from samples/Quickstart/Program.cs, which compiles in the solution: they must agree.</summary>
public sealed partial class ReadmeSnippetTests
{
    [GeneratedRegex(@"// begin-snippet: (\S+)\n(.*?)// end-snippet", RegexOptions.Singleline)]
    private static partial Regex Snippet();

    [Fact]
    public void Every_quickstart_snippet_appears_verbatim_in_the_readme()
    {
        var root = RepositoryRoot.Find();
        var program = File.ReadAllText(Path.Combine(root, "samples", "Quickstart", "Program.cs"));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var snippets = Snippet().Matches(program);
        snippets.Count.ShouldBeGreaterThanOrEqualTo(3);
        foreach (Match snippet in snippets)
        {
            readme.ShouldContain(snippet.Groups[2].Value.Trim(), customMessage: $"README.md is missing the '{snippet.Groups[1].Value}' snippet from samples/Quickstart/Program.cs; copy it over.");
        }
    }

    [Fact]
    public void The_readme_starts_with_the_two_commands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "README.md"));
        readme.ShouldContain("dotnet run --project samples/GtFed -- demo");
        readme.ShouldContain("dotnet test ");
        readme.IndexOf("dotnet run --project samples/GtFed -- demo", StringComparison.Ordinal)
            .ShouldBeLessThan(readme.IndexOf("dotnet test", StringComparison.Ordinal));
    }
}

internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Federation.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Federation.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
