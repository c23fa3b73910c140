using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Benchmarks.Chains;

/// <summary>
/// A town for the chain benchmarks: the real beads-sync issues file (873 issues, 862 KB) as rig <c>beads</c>, a
/// small <c>gastown</c> rig, town-level beads and relationships, all in upstream's formats.
/// </summary>
internal static class ChainBenchmarkData
{
    public static Dictionary<string, byte[]> TownFiles()
    {
        var gastown = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            gastown.Append("{\"id\":\"gt-").Append(i.ToString("x3", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"title\":\"Task ").Append(i).Append("\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00-08:00\",\"updated_at\":\"2025-12-30T10:00:00-08:00\"")
                .Append(i % 5 == 0 ? ",\"dependencies\":[{\"issue_id\":\"gt-x\",\"depends_on_id\":\"external:beads:bd-3roq\",\"type\":\"blocks\",\"created_at\":\"2025-12-30T10:00:00-08:00\",\"created_by\":\"daemon\"}]" : string.Empty)
                .Append("}\n");
        }

        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["mayor/town.json"] = Encoding.UTF8.GetBytes("{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"main-town\",\n  \"owner\": \"steve@example.com\",\n  \"created_at\": \"2025-12-30T10:00:00-08:00\"\n}"),
            [".beads/routes.jsonl"] = Encoding.UTF8.GetBytes("{\"prefix\":\"gt-\",\"path\":\"gastown/mayor/rig\"}\n{\"prefix\":\"bd-\",\"path\":\"beads/mayor/rig\"}\n{\"prefix\":\"hq-\",\"path\":\".\"}\n"),
            ["gastown/mayor/rig/.beads/issues.jsonl"] = Encoding.UTF8.GetBytes(gastown.ToString()),
            ["beads/mayor/rig/.beads/issues.jsonl"] = Fixtures.BeadsSyncIssuesBytes(),
            [".beads/issues.jsonl"] = Encoding.UTF8.GetBytes("{\"id\":\"hq-1\",\"title\":\"Town\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00-08:00\",\"updated_at\":\"2025-12-30T10:00:00-08:00\"}\n"),
            ["federation/relationships.jsonl"] = Encoding.UTF8.GetBytes("{\"type\":\"employment\",\"entity\":\"steve@example.com\",\"organization\":\"acme.com\"}\n"),
        };
    }
}
