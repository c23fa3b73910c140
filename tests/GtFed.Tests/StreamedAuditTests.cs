using System.Text;
using System.Text.Json;
using GasTown.Federation.Hosting;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GtFed.Cli;

namespace GtFed.Tests;

/// <summary>
/// <c>gtfed audit</c> without <c>--limit</c> walks the audit page by page (<see cref="FederationQueries.WalkAuditAsync"/>)
/// and still prints, with <c>--json</c>, the document QueryDocuments builds from the whole audit, byte for byte; an audit
/// of several pages is written whole, each entry once and in order, and really comes page by page from the index.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class StreamedAuditTests(DemoTownsFixture towns) : IDisposable
{
    private const string Owner = "alice@example.com";
    private const string Joe = "gastown/crew/joe";
    private const int Units = 2_500;
    private readonly TempDirectory _temp = new("gtfed-streamed-audit");

    [Theory]
    [InlineData("*", null)]
    [InlineData("gastown/*", null)]
    [InlineData("*", "2020-01-01")]
    [InlineData("nobody", null)]
    public async Task The_streamed_json_document_is_the_whole_audit_s_document_byte_for_byte(string actor, string? since)
    {
        string[] args = since is null ? ["audit", "--actor", actor, "--town", towns.Alice, "--json"] : ["audit", "--actor", actor, "--since", since, "--town", towns.Alice, "--json"];

        var run = GtFedProcess.Run(args);

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.ShouldBe(await WholeDocumentAsync(towns.Alice, actor, since));
    }

    [Fact]
    public async Task An_audit_of_several_pages_is_written_whole_each_entry_once_in_order_from_the_index_a_page_at_a_time()
    {
        var root = ManyUnits();

        var run = GtFedProcess.Run("audit", "--actor", Joe, "--town", root, "--json");
        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.ShouldBe(await WholeDocumentAsync(root, Joe, null));
        var summaries = run.Json().GetProperty("items").EnumerateArray().Select(i => i.GetProperty("summary").GetString()!).ToList();
        summaries.Count.ShouldBe(Units);
        summaries.Distinct().Count().ShouldBe(Units);
        summaries[0].ShouldStartWith($"created gt-{10_000 + Units - 1}:");

        // A person sees every entry once, newest first, under one header per day.
        var human = GtFedProcess.Run("audit", "--actor", Joe, "--town", root);
        human.ExitCode.ShouldBe(0, human.StandardError);
        var lines = human.StandardOutput.Split('\n');
        lines.Count(l => l.Contains("created gt-", StringComparison.Ordinal)).ShouldBe(Units);
        lines.Count(l => l.Contains("2026-01-02", StringComparison.Ordinal) && l.Contains('─')).ShouldBe(1);
        lines.Count(l => l.Contains("2026-01-01", StringComparison.Ordinal) && l.Contains('─')).ShouldBe(1);

        // In process: one query per page of 1,000 (the last says there is no next), each answered from the index.
        using var steps = new QuerySources();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await GtFedCommandLine.RunAsync(["audit", "--actor", Joe, "--json", "--town", root], TestContext.Current.CancellationToken, new GtFedHost(stdout, stderr));
        exitCode.ShouldBe(0, stderr.ToString());
        JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("count").GetInt32().ShouldBe(Units);
        steps.TakeSteps().ShouldBe(Enumerable.Repeat<(string?, string?)>(("audit.walk", "index"), (Units + 999) / 1_000));
    }

    [Fact]
    public void An_after_without_a_limit_is_a_page_of_fifty_as_list_search_and_dependents_take_it()
    {
        // It was refused ("--after goes with --limit"), where the other paged commands and GtWeb's /api/audit take it.
        var first = GtFedProcess.Run("audit", "--actor", "*", "--limit", "1", "--town", towns.Alice, "--json");
        first.ExitCode.ShouldBe(0, first.ToString());
        var token = first.Json().GetProperty("next").GetString()!;

        var alone = GtFedProcess.Run("audit", "--actor", "*", "--after", token, "--town", towns.Alice, "--json");
        var sized = GtFedProcess.Run("audit", "--actor", "*", "--after", token, "--limit", "50", "--town", towns.Alice, "--json");

        alone.ExitCode.ShouldBe(0, alone.ToString());
        alone.StandardOutput.ShouldBe(sized.StandardOutput);
        alone.Json().GetProperty("count").GetInt32().ShouldBeGreaterThan(0);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>The whole audit's document: QueryDocuments over the audit loaded whole, never paged, written as gtfed writes JSON.</summary>
    private static async Task<string> WholeDocumentAsync(string root, string actor, string? since)
    {
        await using var town = Town.Open(root);
        var from = since is null ? (DateTimeOffset?)null : Inputs.ParseSince(since, TimeProvider.System);
        var audit = await town.Queries.WithoutIndex().AuditAsync(ActorPattern.Parse(actor), from, TestContext.Current.CancellationToken);
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            QueryDocuments.Audit(audit, from).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>A town whose one rig holds more units created by joe than two pages, one a minute across two days.</summary>
    private string ManyUnits() =>
        TownBuilder.At(_temp.Combine("many-" + Guid.NewGuid().ToString("N")[..8])).Named("town").OwnedBy(Owner)
            .WithRig("gastown", "gt-", rig =>
            {
                var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                for (var n = 0; n < Units; n++)
                {
                    var at = start.AddMinutes(n).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                    rig.WithIssue($"gt-{10_000 + n}", $"Generated work {n}", i => i.CreatedBy(Joe).CreatedAt(at).UpdatedAt(at));
                }
            })
            .Build().Root;
}
