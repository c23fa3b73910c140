using System.Text.Json;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Query.Tests.Fixture;

/// <summary>The project walk over beads' own exported issues (real upstream data), checked against descendants computed here from the raw JSON.</summary>
public sealed class FixtureProjectWalkTests : IDisposable
{
    private const string Chain = "gt://steve@example.com/beads-town";
    private readonly TempDirectory temp = new("gtfed-fixture");
    private readonly FederationQueries queries;

    public FixtureProjectWalkTests()
    {
        var town = TownBuilder.At(temp.Combine("town")).Named("beads-town").OwnedBy("steve@example.com")
            .WithRig("beads", "bd-", rig => rig.WithoutIssuesFile())
            .WithFile("beads/mayor/rig/.beads/issues.jsonl", File.ReadAllText(Fixtures.BeadsSyncIssues))
            .Build();
        queries = new FederationQueries(new FolderChainProvider(new ChainLoader(), GtUri.Parse(Chain)).Add(GtUri.Parse(Chain), town.Root));
    }

    public static TheoryData<string> EpicsWithChildren()
    {
        var (epics, children) = ReadTree();
        var data = new TheoryData<string>();
        foreach (var epic in epics.Where(children.ContainsKey).Order(StringComparer.Ordinal))
        {
            data.Add(epic);
        }

        return data;
    }

    [Fact]
    public void The_fixture_has_enough_epic_trees_to_be_a_real_test()
    {
        var (epics, children) = ReadTree();
        var withChildren = epics.Count(children.ContainsKey);
        withChildren.ShouldBeGreaterThan(10);
        epics.Max(e => Descendants(e, children).Count).ShouldBeGreaterThan(10);
    }

    [Theory]
    [MemberData(nameof(EpicsWithChildren))]
    public async Task Project_walk_equals_the_descendants_computed_from_the_raw_json(string epic)
    {
        var (_, children) = ReadTree();
        var expected = Descendants(epic, children);

        var result = await queries.ListByProjectAsync(epic, includeDelegated: false, cancellationToken: TestContext.Current.CancellationToken);

        result.Items.Select(i => i.Id).ShouldBe(expected, ignoreOrder: true);
        result.Items.ShouldAllBe(i => i.Uri.ToString().StartsWith(Chain + "/beads/", StringComparison.Ordinal));
        result.Stop.ShouldBe(FederationWalkStop.Complete);
        result.Unreachable.ShouldBeEmpty();
    }

    public void Dispose() => temp.Dispose();

    /// <summary>Epic ids and parent → children, from the raw JSON lines with JsonDocument (independent of the SDK's codec).</summary>
    private static (List<string> Epics, Dictionary<string, List<string>> Children) ReadTree()
    {
        var epics = new List<string>();
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Fixtures.BeadsSyncIssues))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var id = root.GetProperty("id").GetString()!;
            if (root.TryGetProperty("issue_type", out var type) && type.GetString() == "epic")
            {
                epics.Add(id);
            }

            if (!root.TryGetProperty("dependencies", out var deps))
            {
                continue;
            }

            foreach (var dep in deps.EnumerateArray())
            {
                if (dep.GetProperty("type").GetString() == "parent-child")
                {
                    var parent = dep.GetProperty("depends_on_id").GetString()!;
                    if (!children.TryGetValue(parent, out var list))
                    {
                        children[parent] = list = [];
                    }

                    list.Add(dep.GetProperty("issue_id").GetString()!);
                }
            }
        }

        return (epics, children);
    }

    private static HashSet<string> Descendants(string root, Dictionary<string, List<string>> children)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { root };
        var queue = new Queue<string>([root]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var child in children.GetValueOrDefault(id) ?? [])
            {
                if (seen.Add(child))
                {
                    queue.Enqueue(child);
                }
            }
        }

        return seen;
    }
}
