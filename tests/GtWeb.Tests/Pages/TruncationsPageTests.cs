using System.Net;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GtWeb.Tests.Pages;

/// <summary>
/// The ready page and a unit's dependents say when the chain limit left chains unread, as the project, organisation and
/// audit pages do (<c>_Truncations</c>): their SDK results carried the truncation and the pages dropped it, so a page read
/// with chains left out looked whole ("No work in the federation depends on this"). Acme with a limit of one chain.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class TruncationsPageTests(DemoTowns towns) : IDisposable
{
    private readonly GtWebFactory _factory = new(towns.Acme);

    [Theory]
    [InlineData("/ready", "<h2>Incomplete answer</h2>")]
    [InlineData("/unit?ref=pl-100.1", "<h3>Incomplete list of dependents</h3>")]
    public async Task A_page_read_with_chains_left_out_says_it_is_incomplete(string path, string heading)
    {
        var ct = TestContext.Current.CancellationToken;
        using var limited = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Configure<QueryOptions>(o => o.MaxChains = 1)));
        using var client = limited.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(ct));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain(heading);
        html.ShouldContain("<li><strong>Chains</strong> (limit 1): The query loaded 1 chains, the most this host reads for one answer, and left the others unread");
    }

    [Theory]
    [InlineData("/ready")]
    [InlineData("/unit?ref=pl-100.1")]
    public async Task A_page_that_read_every_chain_says_nothing_of_it(string path)
    {
        using var client = _factory.CreateClient();
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        html.ShouldNotContain("data-testid=\"truncations\"");
    }

    public void Dispose() => _factory.Dispose();
}
