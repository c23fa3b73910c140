using System.Net;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// <c>dotnet run --project samples/GtWeb</c> without <c>--town</c>, run from a town's folder, serves that town, as the
/// README says. Before, dotnet run started GtWeb in its project folder (the Web SDK's default run working directory), so
/// GtWeb looked for a town above samples/GtWeb and exited; it could not start anywhere else while it found its wwwroot
/// through the current folder.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed partial class DotnetRunTests(DemoTowns towns)
{
    [Fact]
    public async Task Dotnet_run_from_a_towns_folder_without_town_serves_that_town_with_its_stylesheet()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient();
        // What the town's chain is: GtWeb told so with --town.
        var expected = TownChain().Match(await client.GetStringAsync(towns.Server.Url("/"), ct)).Groups["chain"].Value;
        expected.ShouldStartWith("gt://");

        using var server = GtWebServer.DotnetRun(town: null, workingDirectory: towns.Acme);

        TownChain().Match(await client.GetStringAsync(server.Url("/"), ct)).Groups["chain"].Value.ShouldBe(expected, server.Output);
        using var css = await client.GetAsync(server.Url("/site.css"), ct);
        css.StatusCode.ShouldBe(HttpStatusCode.OK, server.Output);
        (await css.Content.ReadAsByteArrayAsync(ct)).ShouldBe(await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot.Path, "samples", "GtWeb", "wwwroot", "site.css"), ct));
    }

    [GeneratedRegex("""<span class="uri" data-testid="chain">(?<chain>[^<]*)</span>""")]
    private static partial Regex TownChain();
}
