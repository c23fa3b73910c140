using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GasTown.Federation;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A unit's page lists its first 100 dependents and counts the rest, with links to the next 100 and to its project page.
/// Before, it listed every one: the page of an epic with 50,000 children was 15 MB of HTML.
/// </summary>
public sealed partial class UnitDependentsPageTests : IDisposable
{
    private const int Children = 150;

    private const string Epic = "gt://alice@example.com/town/gastown/gt-epic";

    private readonly TempDirectory _temp = new("gtweb-dependents");
    private readonly string _town;

    public UnitDependentsPageTests()
    {
        var built = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig =>
            {
                rig.WithIssue("gt-epic", "The epic", i => i.Type("epic"));
                for (var i = 1; i <= Children; i++)
                {
                    rig.WithIssue($"gt-{i}", $"Child {i}", issue => issue.DependsOn("gt-epic", "parent-child"));
                }
            })
            .Build();
        _town = built.Root;
    }

    [Fact]
    public async Task A_unit_with_more_dependents_than_a_page_lists_the_first_hundred_and_counts_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        using var factory = new GtWebFactory(_town);
        using var client = factory.CreateClient();

        var epic = await client.GetStringAsync(new Uri("/unit?ref=gt-epic", UriKind.Relative), ct);
        var child = await client.GetStringAsync(new Uri("/unit?ref=gt-1", UriKind.Relative), ct);

        DependentRow().Matches(Table(epic)).Count.ShouldBe(100);
        epic.ShouldContain("The first 100 of 150 dependents");
        var link = WebUtility.HtmlDecode(ProjectLink().Match(epic).Groups["href"].Value);
        link.ShouldBe("/project?ref=" + Uri.EscapeDataString(Epic));
        (await client.GetAsync(new Uri(link, UriKind.Relative), ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        child.ShouldContain("No work in the federation depends on this.");
        child.ShouldNotContain("data-testid=\"dependents-more\"");
        child.ShouldNotContain("id=\"next-page\"");
    }

    [Fact]
    public async Task The_next_page_of_dependents_lists_the_rest_once_and_links_back_to_the_first()
    {
        var ct = TestContext.Current.CancellationToken;
        using var factory = new GtWebFactory(_town);
        using var client = factory.CreateClient();

        var first = await client.GetStringAsync(new Uri("/unit?ref=gt-epic", UriKind.Relative), ct);
        var next = WebUtility.HtmlDecode(NextLink().Match(first).Groups["href"].Value);
        RefOf(next).ShouldBe(Epic);
        var second = await client.GetStringAsync(new Uri(next, UriKind.Relative), ct);

        // The unit is still the page's subject; its dependents are the 50 the first page did not list, each once.
        second.ShouldContain("The epic");
        second.ShouldContain("A further 50 of 150 dependents");
        var listed = ChildrenListed(first).Concat(ChildrenListed(second)).ToList();
        listed.Count.ShouldBe(Children);
        listed.Distinct().Count().ShouldBe(Children);
        NextLink().IsMatch(second).ShouldBeFalse();
        var firstLink = WebUtility.HtmlDecode(FirstLink().Match(second).Groups["href"].Value);
        firstLink.ShouldStartWith("/unit?");
        RefOf(firstLink).ShouldBe(Epic);

        var refused = await client.GetAsync(new Uri("/unit?ref=gt-epic&after=not-a-token", UriKind.Relative), ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("gt-epic")]
    [InlineData("gastown/gt-epic")]
    [InlineData(Epic)]
    public async Task The_links_between_pages_of_dependents_name_the_unit_by_its_uri_whatever_was_typed(string typed)
    {
        var ct = TestContext.Current.CancellationToken;
        using var factory = new GtWebFactory(_town);
        using var client = factory.CreateClient();

        var first = await client.GetStringAsync(new Uri("/unit?ref=" + Uri.EscapeDataString(typed), UriKind.Relative), ct);
        var next = WebUtility.HtmlDecode(NextLink().Match(first).Groups["href"].Value);
        var second = await client.GetStringAsync(new Uri(next, UriKind.Relative), ct);

        RefOf(next).ShouldBe(Epic);
        second.ShouldContain("A further 50 of 150 dependents");
        RefOf(WebUtility.HtmlDecode(FirstLink().Match(second).Groups["href"].Value)).ShouldBe(Epic);
    }

    [Fact]
    public async Task Chains_the_dependents_query_could_not_read_are_said_under_the_dependents_as_the_api_says_them()
    {
        // A remote registered and never fetched: its units may depend on this one too. The API's dependents document says
        // so in unreachable; the page dropped it (its chain notes leave unavailable chains to that list), and a unit with
        // none listed read "No work in the federation depends on this".
        var ct = TestContext.Current.CancellationToken;
        const string Carol = "gt://carol@example.com/town";
        await using (var town = Town.Open(_town))
        {
            town.Remotes.Add("carol", FederationRepository.DefaultPathFor(_temp.Combine("carol")), GtUri.Parse(Carol));
        }

        using var factory = new GtWebFactory(_town);
        using var client = factory.CreateClient();
        var api = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/dependents/gt-1", UriKind.Relative), ct))!;
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/unit?ref=gt-1", UriKind.Relative), ct));

        var unreachable = api["unreachable"]!.AsArray();
        unreachable.Select(u => u!["target"]!.GetValue<string>()).ShouldContain(t => t.StartsWith(Carol, StringComparison.Ordinal));
        var section = html[html.IndexOf("<h2>Dependents</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>Delegations</h2>", StringComparison.Ordinal)];
        section.ShouldContain("<h3>Unreachable for the list of dependents</h3>");
        foreach (var item in unreachable)
        {
            section.ShouldContain(item!["target"]!.GetValue<string>());
            section.ShouldContain(item["message"]!.GetValue<string>());
        }

        section.ShouldNotContain("No work in the federation depends on this.");
    }

    public void Dispose() => _temp.Dispose();

    private static string Table(string html)
    {
        var start = html.IndexOf("data-testid=\"dependents\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "the page has no dependents table");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    // The unit a page link names, decoded (the link's encoding of a URI is the encoder's choice).
    private static string? RefOf(string link) => QueryHelpers.ParseQuery(new Uri(new Uri("http://gtweb"), link).Query)["ref"];

    private static IEnumerable<string> ChildrenListed(string html) => ChildTitle().Matches(Table(html)).Select(m => m.Groups["title"].Value);

    [GeneratedRegex("<tr><td>parent-child</td>")]
    private static partial Regex DependentRow();

    [GeneratedRegex("<td>(?<title>Child [0-9]+)</td></tr>")]
    private static partial Regex ChildTitle();

    [GeneratedRegex("<a id=\"next-page\" rel=\"next\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\">first page</a>")]
    private static partial Regex FirstLink();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" data-testid=\"dependents-project\"")]
    private static partial Regex ProjectLink();
}
