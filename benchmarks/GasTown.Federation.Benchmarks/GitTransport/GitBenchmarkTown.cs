using System.Globalization;
using System.Text;
using GasTown.Federation.GitTransport;

namespace GasTown.Federation.Benchmarks.GitTransport;

/// <summary>
/// A real town on disk for the git transport benchmarks: <c>mayor/town.json</c>, one route and a
/// rig of synthetic beads issues in upstream's exporter format, published to the town's real
/// federation repository with <see cref="TownPublisher"/>. The caller owns the folder (a
/// <c>TempDirectory</c> in the benchmarks) and deletes it.
/// </summary>
/// <remarks>
/// Not <c>SyntheticIssues</c>: these lines are fixed-shape with addressable ids (<see cref="IdOf"/>) so a
/// benchmark can look one up, and their size per issue is stable across counts.
/// </remarks>
internal sealed class GitBenchmarkTown
{
    public const string ChainText = "gt://acme.com/engineering";

    private GitBenchmarkTown(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public static async Task<GitBenchmarkTown> CreateAsync(string root, int issues)
    {
        Directory.CreateDirectory(Path.Combine(root, "mayor"));
        Directory.CreateDirectory(Path.Combine(root, ".beads"));
        Directory.CreateDirectory(Path.Combine(root, "backend", "mayor", "rig", ".beads"));
        await File.WriteAllTextAsync(Path.Combine(root, "mayor", "town.json"),
            "{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"engineering\",\n  \"owner\": \"acme.com\",\n  \"created_at\": \"2025-12-30T10:00:00-08:00\"\n}");
        await File.WriteAllTextAsync(Path.Combine(root, ".beads", "routes.jsonl"), "{\"prefix\":\"ac-\",\"path\":\"backend/mayor/rig\"}\n");
        await File.WriteAllBytesAsync(Path.Combine(root, "backend", "mayor", "rig", ".beads", "issues.jsonl"), Issues(issues));
        using var repository = FederationRepository.ForTown(root);
        await new TownPublisher(repository, root).PublishAsync(new PublishOptions { Rigs = ["backend"], Actor = "mayor", Owner = "ops@acme.com" });
        return new GitBenchmarkTown(root);
    }

    public static string IdOf(int n) => "ac-" + n.ToString("x5", CultureInfo.InvariantCulture);

    /// <summary>
    /// Synthetic issues shaped like the exporter's output (key order, timestamps with a
    /// fraction and an offset, labels, an embedded dependency on every third issue), ~450 bytes each.
    /// </summary>
    public static byte[] Issues(int count)
    {
        var text = new StringBuilder(count * 460);
        for (var n = 0; n < count; n++)
        {
            text.Append("{\"id\":\"").Append(IdOf(n))
                .Append("\",\"title\":\"Synthetic work unit ").Append(n)
                .Append("\",\"description\":\"Generated for the git transport benchmark; the text is long enough to look like a real description of a task.\",\"status\":\"")
                .Append(n % 4 == 0 ? "closed" : "open")
                .Append("\",\"priority\":").Append(n % 5)
                .Append(",\"issue_type\":\"task\",\"assignee\":\"backend/polecats/nux\",\"created_at\":\"2025-12-30T10:00:00.123456-08:00\",\"created_by\":\"backend/crew/max\",\"updated_at\":\"2025-12-30T11:00:00.5-08:00\",\"labels\":[\"bench\",\"synthetic\"]");
            if (n % 3 == 0 && n > 0)
            {
                text.Append(",\"dependencies\":[{\"issue_id\":\"").Append(IdOf(n)).Append("\",\"depends_on_id\":\"").Append(IdOf(n - 1))
                    .Append("\",\"type\":\"blocks\",\"created_at\":\"2025-12-30T10:00:00.123456-08:00\",\"created_by\":\"daemon\"}]");
            }

            text.Append("}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
