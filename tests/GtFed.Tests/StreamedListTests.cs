using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GtFed.Cli;

namespace GtFed.Tests;

/// <summary>
/// <c>gtfed list</c> without <c>--limit</c> walks the list page by page (the SDK's walks) and still prints, with
/// <c>--json</c>, the document QueryDocuments builds from the whole result, byte for byte, for every selector; a list of
/// several pages is written whole, each unit once and in order, and really comes page by page from the index.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class StreamedListTests(DemoTownsFixture towns) : IDisposable
{
    private const string Owner = "alice@example.com";
    private const string Chain = "gt://alice@example.com/town";
    private const int Units = 2_500;
    private readonly TempDirectory _temp = new("gtfed-streamed-list");

    public static TheoryData<string[]> Selectors => new()
    {
        new[] { "--remote", "alice" },
        new[] { "--remote", "bob", "--status", "open" },
        new[] { "--remote", "gt://acme.com/projects" },
        new[] { "--org", "acme.com" },
        new[] { "--org", "acme.com", "--status", "closed" },
        new[] { "--project", "pl-100" },
        new[] { "--project", "pl-100", "--include-delegated" },
        new[] { "--project", "pl-100", "--include-delegated", "--status", "open" },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public async Task The_streamed_json_document_is_today_s_document_of_the_whole_result_byte_for_byte(string[] selector)
    {
        var acme = CopyAcme();

        var run = GtFedProcess.Run(["list", .. selector, "--town", acme, "--json"]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.Json().GetProperty("count").GetInt32().ShouldBeGreaterThan(0);
        run.StandardOutput.ShouldBe(await TodaysDocumentAsync(acme, selector));
    }

    [Fact]
    public void A_remote_s_list_says_under_its_heading_that_its_identity_is_a_name_only_whole_or_a_page()
    {
        var acme = CopyAcme();

        // The demo's remotes are unsigned: their rows are whatever whoever can write to their URLs put there. The town's
        // own chain needs no such line.
        foreach (var page in new[] { Array.Empty<string>(), ["--limit", "2"] })
        {
            var remote = GtFedProcess.Run(["list", "--remote", "alice", .. page, "--town", acme]);
            remote.ExitCode.ShouldBe(0, remote.StandardError);
            var lines = remote.StandardOutput.Split('\n');
            lines[0].ShouldStartWith("gt://alice@example.com/town");
            lines[1].ShouldBe("  identity: name only (unsigned: whoever can write to its URL)");

            var own = GtFedProcess.Run(["list", "--remote", "gt://acme.com/projects", .. page, "--town", acme]);
            own.ExitCode.ShouldBe(0, own.StandardError);
            own.StandardOutput.ShouldNotContain("identity:");
        }
    }

    [Fact]
    public async Task A_list_of_several_pages_is_written_whole_each_unit_once_in_order()
    {
        var root = ManyUnits();

        foreach (var selector in new[] { new[] { "--remote", Chain }, ["--remote", Chain, "--status", "open"] })
        {
            var run = GtFedProcess.Run(["list", .. selector, "--town", root, "--json"]);
            run.ExitCode.ShouldBe(0, run.StandardError);
            run.StandardOutput.ShouldBe(await TodaysDocumentAsync(root, selector));
        }

        var all = GtFedProcess.Run("list", "--remote", Chain, "--town", root, "--json").Json();
        var ids = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        ids.Count.ShouldBe(Units);
        all.GetProperty("count").GetInt32().ShouldBe(Units);
        ids.ShouldBe(ids.Order(StringComparer.Ordinal));
        ids.Distinct().Count().ShouldBe(Units);

        // A person sees every row once, the chain's line once, and the count last.
        var human = GtFedProcess.Run("list", "--remote", Chain, "--town", root);
        human.ExitCode.ShouldBe(0, human.StandardError);
        var rows = human.StandardOutput.Split('\n');
        rows.Count(r => r.Contains("gastown/gt-", StringComparison.Ordinal)).ShouldBe(Units);
        foreach (var id in ids.Where((_, n) => n % 97 == 0))
        {
            rows.Count(r => r.Contains($"gastown/{id} ", StringComparison.Ordinal)).ShouldBe(1, id);
        }

        rows.Count(r => r.Trim() == Chain + "/").ShouldBe(1);
        human.StandardOutput.TrimEnd().ShouldEndWith($"{Units} work units");
    }

    [Fact]
    public async Task The_whole_list_comes_from_the_index_page_by_page()
    {
        var root = ManyUnits();
        using var sources = new QuerySources();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await GtFedCommandLine.RunAsync(["list", "--remote", Chain, "--json", "--town", root], TestContext.Current.CancellationToken, new GtFedHost(stdout, stderr));

        exitCode.ShouldBe(0, stderr.ToString());
        JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("count").GetInt32().ShouldBe(Units);
        // One query per page of 1,000 (the last says there is no next), each answered from the index: never the whole chain at once.
        sources.TakeSteps().ShouldBe(Enumerable.Repeat<(string?, string?)>(("list.remote.walk", "index"), (Units + 999) / 1_000));
    }

    [Fact]
    public async Task An_organisation_with_no_verified_member_says_so_in_the_streamed_heading_as_in_a_page_s()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var paged = new StringWriter();

        var exitCode = await GtFedCommandLine.RunAsync(["list", "--org", "nosuch.example", "--town", towns.Acme], TestContext.Current.CancellationToken, new GtFedHost(stdout, stderr));
        await GtFedCommandLine.RunAsync(["list", "--org", "nosuch.example", "--limit", "5", "--town", towns.Acme], TestContext.Current.CancellationToken, new GtFedHost(paged, new StringWriter()));

        exitCode.ShouldBe(0, stderr.ToString());
        // It ended in a bare "verified members " when the list was walked whole.
        stdout.ToString().ShouldStartWith("nosuch.example: no verified members", Case.Sensitive, stdout.ToString());
        paged.ToString().ShouldStartWith("nosuch.example: no verified members", Case.Sensitive, paged.ToString());
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Today's document: QueryDocuments over the whole result (loaded, never paged), written as gtfed writes JSON.</summary>
    private static async Task<string> TodaysDocumentAsync(string root, string[] selector)
    {
        await using var town = Town.Open(root);
        var queries = town.Queries.WithoutIndex();
        var status = Array.IndexOf(selector, "--status") is var at and >= 0 ? new WorkFilter(new WorkStatus(selector[at + 1])) : null;
        var delegated = selector.Contains("--include-delegated");
        var ct = TestContext.Current.CancellationToken;
        JsonObject document = selector[0] switch
        {
            "--remote" => QueryDocuments.RemoteList(await queries.ListByRemoteAsync(selector[1], status, ct), selector[1]),
            "--org" => QueryDocuments.OrganizationList(await queries.ListByOrganizationAsync(EntityId.Parse(selector[1]), status, ct)),
            _ => QueryDocuments.ProjectList(await queries.ListByProjectAsync(selector[1], delegated, status, ct), delegated),
        };
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>A town whose one rig holds more units than two pages, a third of them closed.</summary>
    private string ManyUnits() =>
        TownBuilder.At(_temp.Combine("many-" + Guid.NewGuid().ToString("N")[..8])).Named("town").OwnedBy(Owner)
            .WithRig("gastown", "gt-", rig =>
            {
                for (var n = 0; n < Units; n++)
                {
                    rig.WithIssue($"gt-{10_000 + n}", $"Generated work {n}", i => i.Status(n % 3 == 0 ? "closed" : "open").Assignee(Owner));
                }
            })
            .Build().Root;

    private string CopyAcme()
    {
        var target = _temp.Combine("acme-" + Guid.NewGuid().ToString("N")[..8]);
        towns.CopyAcmeTo(target);
        return target;
    }
}
