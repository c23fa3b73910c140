using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// The project page's graph draws an edge for each way upstream names the unit a dependency is on: a bare id in the same
/// chain (found in any of its rigs), <c>external:rig:id</c> (that rig only), and a gt:// URI; parent-child edges as the
/// tree's, blocking edges apart, none to a unit the project does not hold. The units are looked up by key (they were
/// compared with every edge, a page of 5.5 s at 5,000 units): this holds the lookup to what the scan found.
/// </summary>
public sealed partial class ProjectGraphEdgesTests : IDisposable
{
    private const string Chain = "gt://alice@example.com/town";

    private readonly TempDirectory _temp = new("gtweb-graph-edges");

    [Fact]
    public async Task Each_way_of_naming_a_dependency_draws_its_edge_once()
    {
        var ct = TestContext.Current.CancellationToken;
        static string Line(string id, string title, params (string On, string Type)[] dependencies) =>
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["id"] = id, ["title"] = title, ["status"] = "open", ["priority"] = 2, ["issue_type"] = "task",
                ["created_at"] = "2026-01-01T00:00:00Z", ["updated_at"] = "2026-01-01T00:00:00Z",
                ["dependencies"] = dependencies.Select(d => new Dictionary<string, string>
                {
                    ["issue_id"] = id, ["depends_on_id"] = d.On, ["type"] = d.Type, ["created_at"] = "2026-01-01T00:00:00Z",
                }).ToArray(),
            });
        var town = TownBuilder.At(_temp.Combine("alice")).Named("town").OwnedBy("alice@example.com")
            .WithRig("plan", "pl-", rig => rig
                .WithIssueLine(Line("pl-1", "Root"))
                .WithIssueLine(Line("pl-2", "By bare id", ("pl-1", "parent-child")))
                .WithIssueLine(Line("pl-3", "By URI, blocked by pl-2", ("pl-1", "parent-child"), (Chain + "/plan/pl-2", "blocks")))
                .WithIssueLine(Line("pl-4", "Twice the same parent", ("pl-1", "parent-child"), ("external:plan:pl-1", "parent-child"))))
            .WithRig("ops", "op-", rig => rig
                .WithIssueLine(Line("op-1", "From another rig", ("external:plan:pl-1", "parent-child"), ("external:ops:pl-2", "blocks"), ("pl-9", "blocks"))))
            .Build();
        using var factory = new GtWebFactory(town.Root);
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(new Uri("/project?ref=pl-1", UriKind.Relative), ct);

        using var graph = JsonDocument.Parse(WebUtility.HtmlDecode(GraphData().Match(html).Groups["json"].Value));
        var edges = graph.RootElement.GetProperty("elements").EnumerateArray()
            .Where(e => e.GetProperty("group").GetString() == "edges")
            .Select(e => e.GetProperty("data"))
            .Select(d => $"{Short(d.GetProperty("source").GetString()!)} -{d.GetProperty("kind").GetString()}-> {Short(d.GetProperty("target").GetString()!)}")
            .Order(StringComparer.Ordinal)
            .ToList();
        edges.ShouldBe(
        [
            "plan/pl-1 -child-> ops/op-1",
            "plan/pl-1 -child-> plan/pl-2",
            "plan/pl-1 -child-> plan/pl-3",
            "plan/pl-1 -child-> plan/pl-4",
            "plan/pl-2 -blocks-> plan/pl-3",
        ]);
    }

    private static string Short(string uri) => uri.Replace(Chain + "/", "", StringComparison.Ordinal);

    [GeneratedRegex("data-graph=\"(?<json>[^\"]*)\"")]
    private static partial Regex GraphData();

    public void Dispose() => _temp.Dispose();
}
