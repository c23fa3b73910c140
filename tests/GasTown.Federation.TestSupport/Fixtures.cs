namespace GasTown.Federation.TestSupport;

/// <summary>Paths to the real upstream data copied into <c>tests/Fixtures</c> (from <c>shared/fixtures</c>).</summary>
public static class Fixtures
{
    /// <summary>The folder holding the fixtures next to the test assembly.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>beads' own exporter output from the beads-sync branch at 2025-12-30 (873 issues).</summary>
    public static string BeadsSyncIssues => Path.Combine(Directory, "beads-sync-2025-12-30.issues.jsonl");

    /// <summary>The bytes of <see cref="BeadsSyncIssues"/>.</summary>
    public static byte[] BeadsSyncIssuesBytes() => File.ReadAllBytes(BeadsSyncIssues);
}
