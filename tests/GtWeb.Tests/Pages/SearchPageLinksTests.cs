using System.Net;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// The search page's next link asks for the same search: its remote filter is kept as it was typed, here a chain URI
/// whose owner is a plus address. Before, the link wrote the remote into the query string unencoded, so the '+' came
/// back as a space and the next page answered "No remote named 'gt://max dev@…'" (404) instead of the rest of the results.
/// </summary>
public sealed partial class SearchPageLinksTests : IDisposable
{
    // Search pages hold 20 rows (GtWebDefaults.ReadyPageSize): one more makes a second page.
    private const int Units = 21;

    private readonly TempDirectory _temp = new("gtweb-search-links");
    private readonly string _town;
    private readonly string _chain;

    public SearchPageLinksTests()
    {
        var built = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("max+dev@example.com")
            .WithRig("gastown", "gt-", rig =>
            {
                for (var i = 1; i <= Units; i++)
                {
                    rig.WithIssue($"gt-{i}", $"Refinery pump {i}");
                }
            })
            .Build();
        _town = built.Root;
        _chain = built.ChainUri!;
    }

    [Fact]
    public async Task The_next_page_of_a_search_filtered_by_a_chain_uri_with_a_plus_is_the_rest_of_that_search()
    {
        var ct = TestContext.Current.CancellationToken;
        using var factory = new GtWebFactory(_town);
        using var client = factory.CreateClient();

        var first = await client.GetStringAsync(new Uri("/search?q=refinery&remote=" + Uri.EscapeDataString(_chain), UriKind.Relative), ct);
        var rows = RowUri().Matches(first).Select(m => m.Groups[1].Value).ToList();
        rows.Count.ShouldBe(Units - 1, first);
        var next = NextLink().Match(first);
        next.Success.ShouldBeTrue(first);

        using var response = await client.GetAsync(new Uri(WebUtility.HtmlDecode(next.Groups[1].Value), UriKind.Relative), ct);
        var second = await response.Content.ReadAsStringAsync(ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, second);
        var rest = RowUri().Matches(second).Select(m => m.Groups[1].Value).ToList();
        rest.Count.ShouldBe(1, second);
        rows.ShouldNotContain(rest[0]);
    }

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex("<tr data-uri=\"([^\"]+)\"")]
    private static partial Regex RowUri();

    [GeneratedRegex("<a id=\"next-page\" rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
