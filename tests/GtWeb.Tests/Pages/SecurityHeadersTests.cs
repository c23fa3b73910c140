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
}
