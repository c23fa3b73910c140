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

    /// <summary>
    /// beads' own issues of the Dolt era (2026-01-26, 465 issues): Go encoder output with owner, work_type, UTC
    /// whole-second timestamps, dependency types blocked-by and follows, status hooked.
    /// </summary>
    public static string BeadsDoltEraIssues => Path.Combine(Directory, "beads-dolt-era-2026-01-26.issues.jsonl");

    /// <summary>
    /// gastown's issues of 2026-02-27 (921 issues) in a non-canonical shape: spaced JSON with bd's
    /// <c>IssueWithCounts</c> keys (dependency_count, dependent_count, comment_count, parent) and wisp_type.
    /// </summary>
    public static string GastownNoncanonicalIssues => Path.Combine(Directory, "gastown-noncanonical-2026-02-27.issues.jsonl");

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
