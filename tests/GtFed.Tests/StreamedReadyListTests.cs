using System.Text;
using System.Text.Json;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GtFed.Cli;
using GtFed.Tests.Output;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spectre.Console;

namespace GtFed.Tests;

/// <summary>
/// <c>gtfed list --ready [--status S]</c> without <c>--limit</c> walks the ready list page by page (the SDK's ready walk
/// and its gaps) and still prints the whole answer's output byte for byte: the <c>--json</c> document QueryDocuments
/// builds from the whole result (its blocked count whatever <c>--status</c> keeps, its unreachable blockers and unreadable
/// chains) and the table; on a federation of upstream fixtures and synthetic blockers across chains, and on the demo towns.
/// A ready list of several pages comes from the index page by page, never as the whole answer.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class StreamedReadyListTests(DemoTownsFixture towns) : IDisposable
{
    private const string Stamp = "2025-12-30T10:00:00.123456-08:00";
    private const string AliceChain = "gt://alice@example.com/alice-town";
    private const string Ghost = "gt://ghost@example.com/ghost-town";
    private const string Gone = "gt://gone@example.com/gone-town";
    private const int Units = 2_500;
    private readonly TempDirectory _temp = new("gtfed-streamed-ready");

    public static TheoryData<string?> Statuses => new() { (string?)null, "open", "in_progress" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task On_fixtures_and_blockers_across_chains_the_streamed_output_is_the_whole_answer_s_byte_for_byte(string? status)
    {
        var observer = await FederationAsync();
        var whole = await WholeAnswerAsync(observer);
        whole.Blocked.Count.ShouldBeGreaterThan(0);
        whole.Ready.Count(u => status is null || u.Status.Value == status).ShouldBeGreaterThan(0);
        whole.Unreachable.Select(u => u.Target).ShouldContain(Gone);
        whole.Unreachable.Select(u => u.Target).ShouldContain(Ghost + "/gh-1");
        whole.Unreachable.Select(u => u.Target).ShouldContain("not a reference!");
        whole.Unreachable.Select(u => u.Target).ShouldContain(AliceChain + "/gastown/gt-404");

        using var steps = new QuerySources();
        await SameAsTheWholeAnswerAsync(observer, status, whole);

        // Every answer from the index: its gaps (the unreachable blockers among them) and one page of the walk.
        steps.TakeSteps().ShouldBe([("ready.gaps", "index"), ("ready.walk", "index"), ("ready.gaps", "index"), ("ready.walk", "index")]);
    }

    [Fact]
    public async Task Without_an_index_the_output_is_the_whole_answer_s_from_one_load_of_the_chains()
    {
        var observer = await FederationAsync();
        var whole = await WholeAnswerAsync(observer);
        using var steps = new QuerySources();

        foreach (var json in new[] { true, false })
        {
            var run = await RunAsync(["list", "--ready", .. json ? new[] { "--json" } : [], "--town", observer], b => b.Services.RemoveAll<IQueryIndex>());
            run.ExitCode.ShouldBe(0, run.Stderr);
            run.Stdout.ShouldBe(json ? TodaysDocument(whole, null) : TodaysTable(whole, null));
        }

        // The gaps and the walk would each load every chain: the whole answer is loaded once instead.
        steps.TakeSteps().ShouldBe([("ready", "chains"), ("ready", "chains")]);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task On_the_demo_towns_the_streamed_output_is_the_whole_answer_s_byte_for_byte(string? status)
    {
        var acme = _temp.Combine("acme-" + Guid.NewGuid().ToString("N")[..8]);
        towns.CopyAcmeTo(acme);
        var whole = await WholeAnswerAsync(acme);
        whole.Ready.ShouldNotBeEmpty();

        await SameAsTheWholeAnswerAsync(acme, status, whole);
    }

    [Fact]
    public async Task A_ready_list_of_several_pages_comes_from_the_index_page_by_page_never_whole()
    {
        var root = TownBuilder.At(_temp.Combine("many")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig =>
            {
                rig.WithIssue("gt-1", "The blocker", i => i.Priority(4));
                for (var n = 0; n < Units; n++)
                {
                    // A third closed, a fifth of the rest blocked by gt-1 (open), some in progress.
                    var number = n;
                    rig.WithIssue($"gt-{10_000 + n}", $"Generated work {n}", i =>
                    {
                        i.Priority(number % 5).Status(number % 3 == 0 ? "closed" : number % 7 == 0 ? "in_progress" : "open");
                        if (number % 5 == 1)
                        {
                            i.DependsOn("gt-1");
                        }
                    });
                }
            })
            .Build().Root;
        var whole = await WholeAnswerAsync(root);
        whole.Ready.Count.ShouldBeGreaterThan(1_000);
        whole.Blocked.Count.ShouldBeGreaterThan(100);

        foreach (var status in new[] { null, "in_progress" })
        {
            using var steps = new QuerySources();

            var (exitCode, stdout, stderr) = await RunAsync(["list", "--ready", .. Status(status), "--json", "--town", root]);

            exitCode.ShouldBe(0, stderr);
            stdout.ShouldBe(TodaysDocument(whole, status));
            JsonDocument.Parse(stdout).RootElement.GetProperty("blocked").GetInt32().ShouldBe(whole.Blocked.Count);
            // The gaps from the index, then one query per page of 1,000 of the unfiltered ready list, each from the index:
            // never the whole answer (a "ready" query), whatever --status keeps.
            steps.TakeSteps().ShouldBe([("ready.gaps", "index"), .. Enumerable.Repeat<(string?, string?)>(("ready.walk", "index"), (whole.Ready.Count + 999) / 1_000)], status);
        }
    }

    [Fact]
    public async Task Dangling_blockers_past_a_chain_s_bound_are_counted_in_the_document_and_said_once_per_chain()
    {
        // A remote's 630,000 edges to units that do not exist wrote 630,000 lines (155 MB) to standard error and a 190 MB
        // unreachable array: the answer keeps each chain's first 100 and counts the rest, and a person reads one line.
        const int Edges = 60;
        var root = TownBuilder.At(_temp.Combine("dangling")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig =>
            {
                for (var n = 0; n < 3; n++)
                {
                    var unit = n;
                    rig.WithIssue($"gt-{unit + 1}", $"Waits for {Edges} missing units", i =>
                    {
                        for (var e = 0; e < Edges; e++)
                        {
                            i.DependsOn($"gt-{1_000 + (unit * Edges) + e}");
                        }
                    });
                }

                rig.WithIssue("gt-9", "Ready");
            })
            .Build().Root;
        var whole = await WholeAnswerAsync(root);
        whole.Unreachable.Count.ShouldBe(UnreachableOmission.MaxItemsPerChain);
        whole.OmittedUnreachable.ShouldHaveSingleItem().Count.ShouldBe((3 * Edges) - UnreachableOmission.MaxItemsPerChain);

        var json = await RunAsync(["list", "--ready", "--json", "--town", root]);
        json.ExitCode.ShouldBe(0, json.Stderr);
        json.Stdout.ShouldBe(TodaysDocument(whole, null));
        var document = JsonDocument.Parse(json.Stdout).RootElement;
        document.GetProperty("unreachable").GetArrayLength().ShouldBe(UnreachableOmission.MaxItemsPerChain);
        var omitted = document.GetProperty("unreachable_omitted").EnumerateArray().ShouldHaveSingleItem();
        omitted.GetProperty("chain").GetString().ShouldBe("gt://alice@example.com/town");
        omitted.GetProperty("count").GetInt32().ShouldBe(80);

        var table = await RunAsync(["list", "--ready", "--town", root]);
        table.ExitCode.ShouldBe(0, table.Stderr);
        table.Stdout.ShouldBe(TodaysTable(whole, null));
        var said = table.Stderr.Split('\n').Where(l => l.StartsWith("unreachable:", StringComparison.Ordinal)).ShouldHaveSingleItem();
        said.ShouldStartWith("unreachable: 180 blockers referenced from work units of gt://alice@example.com/town, the first gt://alice@example.com/town/gastown/gt-1000 (referenced from gt://alice@example.com/town/gastown/gt-1): UnknownId:");
        said.ShouldContain("--json lists the first 100 (unreachable) and counts the other 80 (unreachable_omitted)");
    }

    public void Dispose() => _temp.Dispose();

    private static string[] Status(string? status) => status is null ? [] : ["--status", status];

    private static async Task SameAsTheWholeAnswerAsync(string root, string? status, ReadyWorkResult whole)
    {
        var json = await RunAsync(["list", "--ready", .. Status(status), "--json", "--town", root]);
        json.ExitCode.ShouldBe(0, json.Stderr);
        json.Stdout.ShouldBe(TodaysDocument(whole, status));

        var table = await RunAsync(["list", "--ready", .. Status(status), "--town", root]);
        table.ExitCode.ShouldBe(0, table.Stderr);
        table.Stdout.ShouldBe(TodaysTable(whole, status));
        foreach (var unreachable in whole.Unreachable)
        {
            table.Stderr.ShouldContain(unreachable.Target);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, Action<IGasTownFederationBuilder>? configure = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await GtFedCommandLine.RunAsync(args, Ct, new GtFedHost(stdout, stderr, configure, Width: 160));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The whole answer, loading every chain (never paged, never from the index).</summary>
    private static async Task<ReadyWorkResult> WholeAnswerAsync(string root)
    {
        await using var town = Town.Open(root);
        return await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);
    }

    /// <summary>Today's document: QueryDocuments over the whole result, written as gtfed writes JSON.</summary>
    private static string TodaysDocument(ReadyWorkResult whole, string? status)
    {
        var document = QueryDocuments.ReadyList(whole, status is null ? null : new WorkStatus(status));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>Today's table: the heading with both counts, then the ready rows, as gtfed's console writes them redirected.</summary>
    private static string TodaysTable(ReadyWorkResult whole, string? status)
    {
        var items = status is null ? whole.Ready : [.. whole.Ready.Where(r => r.Status.Value == status)];
        using var output = new StringWriter();
        var console = RedirectedConsole.Over(output);
        console.MarkupLine($"[bold]{TerminalText.Markup($"ready: {items.Count} work units; {whole.Blocked.Count} blocked")}[/]");
        WorkTable.Write(console, items);
        DelegationLines.Write(console, []);
        return output.ToString();
    }

    /// <summary>
    /// Alice publishes upstream beads' own issues (rig beads) and synthetic work (rig gastown); the observer (rig web)
    /// fetches her and registers two chains it never fetches (one a blocker names, one nothing names).
    /// </summary>
    private async Task<string> FederationAsync()
    {
        var folder = _temp.Combine("federation-" + Guid.NewGuid().ToString("N")[..8]);
        var alice = TownBuilder.At(Path.Combine(folder, "alice")).Named("alice-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "Ship the index", i => i.Status("in_progress").Priority(1))
                .WithIssue("gt-2", "Needs gt-1", i => i.DependsOn("gt-1"))
                .WithIssue("gt-3", "Blocked by a closed one", i => i.DependsOn("gt-4"))
                .WithIssue("gt-4", "Done", i => i.Closed(Stamp))
                .WithIssue("gt-5", "Child of a blocked parent", i => i.Priority(0).Status("in_progress").DependsOn("gt-2", "parent-child"))
                .WithIssue("gt-7", "Waits for a unit that does not exist", i => i.DependsOn("gt-404", "waits-for"))
                .WithIssue("gt-8", "Blocked by nonsense", i => i.Status("in_progress").DependsOn("not a reference!"))
                .WithIssue("gt-9", "Hooked, waits for a missing unit", i => i.Status("hooked").DependsOn("gt-405")))
            .WithRig("beads", "bd-")
            .Build();
        File.WriteAllBytes(alice.IssuesPathOf("beads"), Fixtures.BeadsSyncIssuesBytes());
        await using (var publishing = Town.Open(alice.Root, b => b.AddProvenance(o => o.Actor = "gastown/crew/alice")))
        {
            await publishing.PublishAsync(new PublishOptions { Rigs = ["gastown", "beads"] }, Ct);
        }

        var observer = TownBuilder.At(Path.Combine(folder, "observer")).Named("observer").OwnedBy("obs@example.com")
            .WithRig("web", "wb-", rig => rig
                .WithIssue("wb-1", "Depends on alice's open work", i => i.DependsOn(AliceChain + "/gastown/gt-1"))
                .WithIssue("wb-2", "Ready here", i => i.Status("in_progress"))
                .WithIssue("wb-3", "Blocked by alice's closed work", i => i.Priority(0).DependsOn(AliceChain + "/gastown/gt-4"))
                .WithIssue("wb-4", "Blocked by a chain never fetched", i => i.Priority(1).DependsOn(Ghost + "/gh-1"))
                .WithIssue("wb-5", "Child of alice's blocked work", i => i.Priority(0).DependsOn(AliceChain + "/gastown/gt-2", "parent-child")))
            .Build();
        await using (var town = Town.Open(observer.Root))
        {
            town.Remotes.Add("alice", FederationRepository.DefaultPathFor(alice.Root), GtUri.Parse(AliceChain));
            (await town.FetchAsync("alice", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
            town.Remotes.Add("ghost", Path.Combine(folder, "ghost.git"), GtUri.Parse(Ghost));
            town.Remotes.Add("gone", Path.Combine(folder, "gone.git"), GtUri.Parse(Gone));
        }

        return observer.Root;
    }
}
