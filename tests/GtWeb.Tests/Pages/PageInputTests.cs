using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GtFed.Tests;

namespace GtWeb.Tests.Pages;

/// <summary>
/// The paged pages (ready, remote, organisation, audit, search, a unit's dependents) over HTTP: a bad limit or token (either
/// given twice too) or a token the page never gave out is said on the page, in the API's and the SDK's words, with a 400 (never a server
/// error, never drawn with the first value); and an organisation's pages, followed by their next links, hold its
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
        { "/unit?ref=pl-100&after=X&after=Y", "'X,Y' is several (after given more than once, or a list). Give it once, or leave it out for the first page." },
        { "/audit?actor=*&limit=-1", "limit must be between 1 and" },
        { "/audit?actor=*&limit=2&after=not-a-token", "is not a continuation token of an audit" },
        { "/audit?actor=joe%07", "contains the control character U+0007" },
        { "/audit?actor=*&since=yesterday", "since 'yesterday' is not a time: give an RFC 3339 time" },
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

    /// <summary>Each paged page beside the API request that asks the same, with a limit the API refuses.</summary>
    public static TheoryData<string, string> RefusedLimits => new()
    {
        { "/ready?limit=5&limit=6", "/api/ready?limit=5&limit=6" },
        { "/remote?name=alice&limit=5&limit=6", "/api/remotes/alice/units?limit=5&limit=6" },
        { "/org?entity=acme.com&limit=2&limit=3", "/api/orgs/acme.com/units?limit=2&limit=3" },
        { "/audit?actor=*&limit=5&limit=6", "/api/audit?actor=*&limit=5&limit=6" },
        { "/audit?limit=abc", "/api/audit?limit=abc" },
        { "/search?q=work&limit=abc", "/api/search?q=work&limit=abc" },
        { "/search?q=work&limit=0", "/api/search?q=work&limit=0" },
        { "/search?q=work&limit=5&limit=6", "/api/search?q=work&limit=5&limit=6" },
        { "/unit?ref=pl-100&limit=abc", "/api/dependents/pl-100?limit=abc" },
        { "/unit?ref=pl-100&limit=501", "/api/dependents/pl-100?limit=501" },
        { "/unit?ref=pl-100&limit=5&limit=6", "/api/dependents/pl-100?limit=5&limit=6" },
    };

    [Theory]
    [MemberData(nameof(RefusedLimits))]
    public async Task A_limit_the_API_refuses_is_refused_by_the_page_with_the_API_s_detail(string page, string api)
    {
        using var client = _factory.CreateClient();
        using var problem = await client.GetAsync(new Uri(api, UriKind.Relative), TestContext.Current.CancellationToken);
        problem.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var detail = JsonNode.Parse(await problem.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();

        using var response = await client.GetAsync(new Uri(page, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, html);
        var alert = ErrorAlert().Match(html);
        alert.Success.ShouldBeTrue($"no error on {page}:\n{html}");
        WebUtility.HtmlDecode(alert.Groups[1].Value).ShouldBe(detail);
        html.ShouldNotContain("data-uri", Case.Sensitive);
    }

    /// <summary>Each paged page beside the API request that asks the same, the API's first page of one giving the token.</summary>
    public static TheoryData<string, string> RepeatedAfters => new()
    {
        { "/ready?limit=1", "/api/ready?limit=1" },
        { "/remote?name=alice&limit=1", "/api/remotes/alice/units?limit=1" },
        { "/org?entity=acme.com&limit=1", "/api/orgs/acme.com/units?limit=1" },
        { "/audit?actor=*&limit=1", "/api/audit?actor=*&limit=1" },
        { "/search?q=query&limit=1", "/api/search?q=query&limit=1" },
        { "/unit?ref=pl-100&limit=1", "/api/dependents/pl-100?limit=1" },
    };

    [Theory]
    [MemberData(nameof(RepeatedAfters))]
    public async Task An_after_given_twice_is_refused_by_the_page_with_the_API_s_detail(string page, string api)
    {
        // A real token given twice: the page's model binding took the first and drew its page (200) where the API refused
        // both; the page now reads after as the API reads it.
        using var client = _factory.CreateClient();
        var first = JsonNode.Parse(await client.GetStringAsync(new Uri(api, UriKind.Relative), TestContext.Current.CancellationToken))!;
        var token = Uri.EscapeDataString(first["next"]!.GetValue<string>());
        var twice = $"&after={token}&after={token}";
        using var problem = await client.GetAsync(new Uri(api + twice, UriKind.Relative), TestContext.Current.CancellationToken);
        var json = await problem.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        problem.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json);
        var detail = JsonNode.Parse(json)!["detail"]!.GetValue<string>();

        using var response = await client.GetAsync(new Uri(page + twice, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, html);
        var alert = ErrorAlert().Match(html);
        alert.Success.ShouldBeTrue($"no error on {page}:\n{html}");
        WebUtility.HtmlDecode(alert.Groups[1].Value).ShouldBe(detail);
        html.ShouldNotContain("data-uri", Case.Sensitive);
    }

    [Theory]
    [InlineData("/api/search?q=query&limit=1")]
    [InlineData("/api/ready?limit=1")]
    [InlineData("/api/orgs/acme.com/units?limit=1")]
    public async Task An_empty_after_is_the_first_page_for_every_list_of_the_api(string api)
    {
        // As a form or a link may send it, and as the pages take it; /api/search alone passed it to the index unread, which
        // refused '' as a token (400).
        using var client = _factory.CreateClient();
        var first = JsonNode.Parse(await client.GetStringAsync(new Uri(api, UriKind.Relative), TestContext.Current.CancellationToken))!;
        using var empty = await client.GetAsync(new Uri(api + "&after=", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await empty.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        empty.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonNode.Parse(body)!["items"]!.ToJsonString().ShouldBe(first["items"]!.ToJsonString());
    }

    [Fact]
    public async Task A_limit_given_twice_is_said_to_be_given_more_than_once()
    {
        using var client = _factory.CreateClient();
        using var problem = await client.GetAsync(new Uri("/api/ready?limit=5&limit=6", UriKind.Relative), TestContext.Current.CancellationToken);
        var detail = JsonNode.Parse(await problem.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();

        detail.ShouldBe("limit takes one whole number from 1 to 500; '5,6' is several (limit given more than once, or a list). Give it once, or leave it out for the whole list.");
    }

    [Fact]
    public async Task A_limit_given_to_the_search_page_sizes_its_page_and_stays_on_its_next_link()
    {
        using var client = _factory.CreateClient();
        var search = await client.GetStringAsync(new Uri("/search?q=query&limit=1", UriKind.Relative), TestContext.Current.CancellationToken);
        RowUri().Matches(search).Count.ShouldBe(1, search);
        var next = NextLink().Match(search);
        next.Success.ShouldBeTrue(search);
        WebUtility.HtmlDecode(next.Groups[1].Value).ShouldContain("limit=1");
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

    [Theory]
    [InlineData("2026-01-08T00:00:00Z")]
    [InlineData("3650d")]
    public async Task The_audit_page_since_a_time_or_a_duration_holds_the_entries_the_api_gives_for_it(string since)
    {
        // The page once had no since at all, and the API read only RFC 3339 where gtfed reads a duration too: one reading
        // now (AuditSince), so the page, the API and gtfed name the same window for the same text.
        using var client = _factory.CreateClient();
        var query = "actor=*&limit=500&since=" + Uri.EscapeDataString(since);
        var api = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/audit?" + query, UriKind.Relative), TestContext.Current.CancellationToken))!;
        var html = await client.GetStringAsync(new Uri("/audit?" + query, UriKind.Relative), TestContext.Current.CancellationToken);

        var count = AuditCount().Match(html);
        count.Success.ShouldBeTrue(html);
        int.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(api["count"]!.GetValue<int>());
        var everything = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/audit?actor=*&limit=500", UriKind.Relative), TestContext.Current.CancellationToken))!;
        if (since.EndsWith('d'))
        {
            api["count"]!.GetValue<int>().ShouldBe(everything["count"]!.GetValue<int>(), "ten years back holds every demo entry");
        }
        else
        {
            api["count"]!.GetValue<int>().ShouldBeLessThan(everything["count"]!.GetValue<int>(), "the window leaves the demo's older entries out");
        }
    }

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex("data-testid=\"audit-count\">(\\d+)</span>")]
    private static partial Regex AuditCount();

    [GeneratedRegex("<div class=\"error\" role=\"alert\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorAlert();

    [GeneratedRegex("<tr data-uri=\"([^\"]+)\"")]
    private static partial Regex RowUri();

    [GeneratedRegex("<a id=\"next-page\" rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
