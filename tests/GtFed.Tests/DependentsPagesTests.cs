using System.Text.Json;
using GasTown.Federation.Hosting;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GtFed.Cli;

namespace GtFed.Tests;

/// <summary>
/// <c>gtfed dependents --limit N [--after TOKEN]</c>: pages of a unit's dependent work units, walked as separate
/// processes, give the whole answer once in its order; a page counts work units, not edges. Without <c>--limit</c> the
/// whole answer is walked a page at a time and written as the whole answer's document.
/// </summary>
public sealed class DependentsPagesTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-dependents-pages");
    private readonly BuiltTown _town;

    public DependentsPagesTests()
    {
        // Five units depend on gt-1; gt-3 names it by two edges, so the answer has six edges.
        _town = TownBuilder.At(_temp.Combine("town")).OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "The target")
                .WithIssue("gt-2", "Blocked by it", i => i.DependsOn("gt-1", "blocks"))
                .WithIssue("gt-3", "Two edges", i => i.DependsOn("gt-1", "blocks").DependsOn("gt-1", "related"))
                .WithIssue("gt-4", "Found while fixing it", i => i.DependsOn("gt-1", "discovered-from"))
                .WithIssue("gt-5", "A child", i => i.DependsOn("gt-1", "parent-child"))
                .WithIssue("gt-6", "Another child", i => i.DependsOn("gt-1", "parent-child"))
                .WithIssue("gt-7", "Unrelated"))
            .Build();
    }

    [Fact]
    public void Walking_dependents_pages_gives_the_whole_answer_once_in_order_with_next_absent_on_the_last_page()
    {
        var whole = GtFedProcess.Run("dependents", "gt-1", "--town", _town.Root, "--json");
        whole.ExitCode.ShouldBe(0, whole.ToString());
        var wholeJson = whole.Json();
        var items = Items(wholeJson);
        items.Count.ShouldBe(6);
        wholeJson.TryGetProperty("next", out _).ShouldBeFalse();
        wholeJson.TryGetProperty("dependent_count", out _).ShouldBeFalse();

        var paged = new List<string>();
        var units = new List<int>();
        string? after = null;
        do
        {
            List<string> args = ["dependents", "gt-1", "--town", _town.Root, "--json", "--limit", "2"];
            if (after is not null)
            {
                args.AddRange(["--after", after]);
            }

            var run = GtFedProcess.Run([.. args]);
            run.ExitCode.ShouldBe(0, run.ToString());
            var json = run.Json();
            json.GetProperty("query").GetString().ShouldBe("dependents");
            json.GetProperty("target").GetString().ShouldBe(wholeJson.GetProperty("target").GetString());
            json.GetProperty("dependent_count").GetInt32().ShouldBe(5);
            var page = Items(json);
            json.GetProperty("count").GetInt32().ShouldBe(page.Count);
            units.Add(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uri").GetString()).Distinct().Count());
            paged.AddRange(page);
            after = json.TryGetProperty("next", out var next) ? next.GetString() : null;
        }
        while (after is not null);

        units.ShouldBe([2, 2, 1]); // work units a page, the two edges of gt-3 on one page
        paged.ShouldBe(items); // each edge's whole JSON, in the whole answer's order
    }

    [Fact]
    public void A_page_for_a_person_counts_work_units_and_says_how_to_go_on()
    {
        var whole = GtFedProcess.Run("dependents", "gt-1", "--town", _town.Root);
        whole.StandardOutput.ShouldContain("depended on by (5 work units, by 6 edges)", Case.Sensitive, whole.ToString());
        var first = GtFedProcess.Run("dependents", "gt-1", "--town", _town.Root, "--limit", "2");

        first.ExitCode.ShouldBe(0, first.ToString());
        first.StandardOutput.ShouldContain("depended on by (2 of 5 work units)", Case.Sensitive, first.ToString());
        var more = first.StandardOutput.Split('\n').Single(l => l.StartsWith("(more: --after ", StringComparison.Ordinal));
        var token = more["(more: --after ".Length..].TrimEnd(')', '\r');

        // --after alone asks for a page of the default size: here the rest.
        var rest = GtFedProcess.Run("dependents", "gt-1", "--town", _town.Root, "--after", token);
        rest.ExitCode.ShouldBe(0, rest.ToString());
        rest.StandardOutput.ShouldContain("depended on by (3 of 5 work units)", Case.Sensitive, rest.ToString());
        rest.StandardOutput.ShouldNotContain("(more:", Case.Sensitive, rest.ToString());
    }

    [Fact]
    public void A_token_of_another_list_or_a_limit_out_of_range_is_bad_input()
    {
        var list = GtFedProcess.Run("list", "--project", "gt-1", "--town", _town.Root, "--json", "--limit", "1");

        foreach (var token in new[] { "bogus", TokenOf(list) })
        {
            var run = GtFedProcess.Run("dependents", "gt-1", "--town", _town.Root, "--limit", "2", "--after", token);
            run.ExitCode.ShouldBe(2, run.ToString());
        }

        GtFedProcess.Run("dependents", "gt-1", "--town", _town.Root, "--limit", "0").ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task The_whole_answer_of_several_pages_is_walked_from_the_index_and_written_as_today_s_document_byte_for_byte()
    {
        // 2,100 units depend on gt-1, every seventh by two edges: three pages of the walk's 1,000 units.
        const int Dependents = 2_100;
        var root = TownBuilder.At(_temp.Combine("many")).OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig =>
            {
                rig.WithIssue("gt-1", "The target");
                for (var n = 0; n < Dependents; n++)
                {
                    var twice = n % 7 == 0;
                    rig.WithIssue($"gt-{10_000 + n}", $"Depends on it {n}", i =>
                    {
                        i.DependsOn("gt-1", twice ? "blocks" : "parent-child");
                        if (twice)
                        {
                            i.DependsOn("gt-1", "related");
                        }
                    });
                }
            })
            .Build().Root;
        const int Edges = Dependents + (Dependents / 7);
        var ct = TestContext.Current.CancellationToken;

        var json = GtFedProcess.Run("dependents", "gt-1", "--town", root, "--json");

        json.ExitCode.ShouldBe(0, json.StandardError);
        string today;
        await using (var town = Town.Open(root))
        {
            var document = QueryDocuments.Dependents(await town.Queries.WithoutIndex().GetDependentsAsync("gt-1", ct));
            today = document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
        }

        json.StandardOutput.ShouldBe(today);
        json.Json().GetProperty("count").GetInt32().ShouldBe(Edges);

        // A person sees the count first and every unit's rows once.
        var human = GtFedProcess.Run("dependents", "gt-1", "--town", root);
        human.ExitCode.ShouldBe(0, human.StandardError);
        human.StandardOutput.ShouldContain($"depended on by ({Dependents} work units, by {Edges} edges)", Case.Sensitive);
        var rows = human.StandardOutput.Split('\n');
        var edgeRows = rows.Where(r => r.TrimStart().Split(' ')[0] is "blocks" or "related" or "parent-child").ToList();
        edgeRows.Count.ShouldBe(Edges);
        edgeRows.Distinct().Count().ShouldBe(Edges);

        // One query a page, each answered from the index: never every dependent unit at once.
        using var sources = new QuerySources();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        (await GtFedCommandLine.RunAsync(["dependents", "gt-1", "--json", "--town", root], ct, new GtFedHost(stdout, stderr))).ShouldBe(0, stderr.ToString());
        stdout.ToString().ShouldBe(today);
        sources.TakeSteps().ShouldBe(Enumerable.Repeat<(string?, string?)>(("dependents.walk", "index"), 3));
    }

    public void Dispose() => _temp.Dispose();

    private static List<string> Items(JsonElement json) => [.. json.GetProperty("items").EnumerateArray().Select(i => i.GetRawText())];

    private static string TokenOf(GtFedRun run)
    {
        run.ExitCode.ShouldBe(0, run.ToString());
        return run.Json().GetProperty("next").GetString()!;
    }
}
