namespace GasTown.Federation.TestSupport;

/// <summary>Paths to the real upstream data copied into <c>tests/Fixtures</c> (from <c>shared/fixtures</c>).</summary>
public static class Fixtures
{
    private const string BeadsSyncIssuesName = "beads-sync-2025-12-30.issues.jsonl";

    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>
    /// The folder holding the fixtures: <c>Fixtures</c> next to the running assembly (the test and benchmark
    /// roles copy it there), else the repository's <c>tests/Fixtures</c> above it. The fallback serves
    /// BenchmarkDotNet, which runs each benchmark from a generated project's own output folder.
    /// </summary>
    public static string Directory => Located.Value;

    /// <summary>beads' own exporter output from the beads-sync branch at 2025-12-30 (873 issues).</summary>
    public static string BeadsSyncIssues => Path.Combine(Directory, BeadsSyncIssuesName);

    /// <summary>The bytes of <see cref="BeadsSyncIssues"/>.</summary>
    public static byte[] BeadsSyncIssuesBytes() => File.ReadAllBytes(BeadsSyncIssues);

    private static string Locate()
    {
        var nextToAssembly = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(folder.FullName, "Fixtures"), Path.Combine(folder.FullName, "tests", "Fixtures") })
            {
                if (File.Exists(Path.Combine(candidate, BeadsSyncIssuesName)))
                {
                    return candidate;
                }
            }
        }

        // Nothing found: name the expected place, so a missing fixture fails with a path worth reading.
        return nextToAssembly;
    }
}
