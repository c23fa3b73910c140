using System.Net;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GtFed.Tests;

namespace GtWeb.Tests.Api;

/// <summary>
/// The whole <c>/api/ready</c> of a chain whose units name many units that do not exist: each chain's first 100
/// unreachable blockers and the count of the rest (<c>unreachable_omitted</c>), gtfed's document byte for byte. A remote's
/// 630,000 such edges made this answer a 203 MB document and the server peak at 2.9 GB.
/// </summary>
public sealed class ReadyOmissionTests : IDisposable
{
    private const int Edges = 60;
    private readonly TempDirectory _temp = new("gtweb-ready-omission");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_whole_ready_list_keeps_each_chain_s_first_unreachable_blockers_and_counts_the_rest_as_gtfed_does()
    {
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
        using var factory = new GtWebFactory(root);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var gtfed = GtFedProcess.Run(["list", "--ready", "--town", root, "--json"]);
        gtfed.ExitCode.ShouldBe(0, gtfed.StandardError);
        body.ShouldBe(gtfed.StandardOutput);
        var document = System.Text.Json.JsonDocument.Parse(body).RootElement;
        document.GetProperty("unreachable").GetArrayLength().ShouldBe(UnreachableOmission.MaxItemsPerChain);
        var omitted = document.GetProperty("unreachable_omitted").EnumerateArray().ShouldHaveSingleItem();
        omitted.GetProperty("chain").GetString().ShouldBe("gt://alice@example.com/town");
        omitted.GetProperty("count").GetInt32().ShouldBe((3 * Edges) - UnreachableOmission.MaxItemsPerChain);
    }
}
