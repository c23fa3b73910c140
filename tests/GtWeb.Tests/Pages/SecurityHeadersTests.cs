using System.Net;

namespace GtWeb.Tests.Pages;

/// <summary>
/// Every response carries the policy that lets only GtWeb's own scripts run and forbids framing, pages, the API, static
/// files and errors alike: a second line behind the encoding of other people's text.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class SecurityHeadersTests(DemoTowns towns)
{
    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/unit?ref=pl-101", HttpStatusCode.OK)]
    [InlineData("/api/ready", HttpStatusCode.OK)]
    [InlineData("/site.css", HttpStatusCode.OK)]
    [InlineData("/unit?ref=gt%3A%2F%2F", HttpStatusCode.BadRequest)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    public async Task Every_response_forbids_foreign_scripts_framing_and_sniffing(string path, HttpStatusCode status)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(towns.Server.Url(path), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(status);
        var policy = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        policy.ShouldContain("script-src 'self';");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
    }

    [Theory]
    [InlineData("attacker.example", HttpStatusCode.BadRequest)]
    [InlineData("attacker.example:5180", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    public async Task Only_a_request_that_names_this_machine_by_a_loopback_name_is_answered(string host, HttpStatusCode status)
    {
        // DNS rebinding: a page of another site points its own name at 127.0.0.1 and is then same-origin with GtWeb; every
        // page and the API (a town's private rigs included) answered whatever Host the request named.
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, towns.Server.Url("/api/units/sx-1"));
        request.Headers.Host = host;
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(status);
    }
}
