using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using GtFed.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace GtFed.Tests.Output;

/// <summary>
/// A command reads each chain once: the query's result carries what gtfed prints, so printing never
/// reloads the chain (issue 10: show --json opened the rig's issues.jsonl twice, list --project --json 4
/// times). gtfed runs in-process, with a counting provider wired through the facade's DI.
/// </summary>
public sealed class FileOpenCountTests : IDisposable
{
    private const string Chain = "gt://alice@example.com/town";
    private readonly TempDirectory _temp = new("gtfed-count");
    private readonly BuiltTown _town;

    public FileOpenCountTests()
    {
        _town = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig
                .WithIssue("gt-1", "Project")
                .WithIssue("gt-1.1", "Child one", i => i.DependsOn("gt-1", "parent-child"))
                .WithIssue("gt-1.2", "Child two", i => i.DependsOn("gt-1", "parent-child").DependsOn("gt-1.1"))
                .WithIssue("gt-1.3", "Child three", i => i.DependsOn("gt-1", "parent-child")))
            .Build();
    }

    [Theory]
    [InlineData("show", "gt-1.2")]
    [InlineData("list", "--project", "gt-1")]
    [InlineData("list", "--project", "gt-1", "--include-delegated")]
    public async Task A_json_command_loads_the_local_chain_once(params string[] command)
    {
        CountingChainProvider? counter = null;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var host = new GtFedHost(stdout, stderr, builder => builder.Services.AddSingleton<IChainProvider>(sp =>
            counter = new CountingChainProvider(sp.GetRequiredService<GitChainProvider>())));

        var exitCode = await GtFedCommandLine.RunAsync([.. command, "--json", "--town", _town.Root], TestContext.Current.CancellationToken, host);

        exitCode.ShouldBe(0, stderr.ToString());
        System.Text.Json.JsonDocument.Parse(stdout.ToString()).Dispose();
        counter.ShouldNotBeNull();
        counter.LoadsOf(Chain).ShouldBe(1, stdout.ToString());
    }

    public void Dispose() => _temp.Dispose();
}
