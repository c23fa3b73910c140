using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GtFed.Tests;

namespace GtWeb.Tests.Pages;

/// <summary>
/// The paged pages (ready, remote, organisation, audit) over HTTP: a bad limit or a token the page never gave out is said on the
/// page, in the SDK's words, with a 400 (never a server error); and an organisation's pages, followed by their next links, hold its
/// whole work list once each, in order.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed partial class PageInputTests(DemoTowns towns) : IDisposable
{
    private readonly GtWebFactory _factory = new(towns.Acme);

    public static TheoryData<string, string> BadInputs => new()
    {
        { "/remote?name=alice&limit=0", "limit must be between 1 and" },
        { "/ready?limit=abc", "limit takes a whole number from 1 to 500; 'abc' is not one." },
        { "/ready?limit=99999999999999", "limit must be between 1 and 500; it is 99999999999999." },
        { "/remote?name=alice&limit=2&after=not-a-token", "is not a continuation token" },
        { "/org?entity=acme.com&limit=100000", "limit must be between 1 and" },
        { "/org?entity=acme.com&limit=2&after=not-a-token", "is not a continuation token" },
        { "/audit?actor=*&limit=-1", "limit must be between 1 and" },
        { "/audit?actor=*&limit=2&after=not-a-token", "is not a continuation token of an audit" },
        { "/audit?actor=joe%07", "contains the control character U+0007" },
        { "/org?entity=not%20an%20entity", "'not an entity' is not an entity" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_paging_input_is_said_on_the_page_and_never_a_server_error(string path, string said)
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, html);
        var alert = ErrorAlert().Match(html);
        alert.Success.ShouldBeTrue($"no error on {path}:\n{html}");
        WebUtility.HtmlDecode(alert.Groups[1].Value).ShouldContain(said, Case.Insensitive);
        html.ShouldNotContain("Exception", Case.Sensitive);
        html.ShouldNotContain("data-uri", Case.Sensitive);
    }

    [Fact]
    public async Task An_organisation_s_pages_followed_by_their_next_links_hold_its_work_once_each_in_order()
    {
        using var client = _factory.CreateClient();
        var whole = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/orgs/acme.com/units", UriKind.Relative), TestContext.Current.CancellationToken))!;
        var expected = whole["items"]!.AsArray().Select(i => i!["uri"]!.GetValue<string>()).ToList();
        expected.Count.ShouldBeGreaterThan(2);

        var seen = new List<string>();
        var path = "/org?entity=acme.com&limit=2";
        for (var pages = 1; ; pages++)
        {
            pages.ShouldBeLessThan(50);
            var html = await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            var rows = RowUri().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            rows.Count.ShouldBeInRange(1, 2);
            seen.AddRange(rows);
            if (NextLink().Match(html) is not { Success: true } next)
            {
                break;
            }

            path = WebUtility.HtmlDecode(next.Groups[1].Value);
        }

        seen.ShouldBe(expected);
    }

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex("<div class=\"error\" role=\"alert\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorAlert();

    [GeneratedRegex("<tr data-uri=\"([^\"]+)\"")]
    private static partial Regex RowUri();

    [GeneratedRegex("<a id=\"next-page\" rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
