using System.Net;

namespace GtWeb.Tests.Api;

/// <summary>
/// A HEAD request (a link checker, a monitor, <c>curl -I</c>) is answered as GET answers it, status and headers, with no body
/// (RFC 9110 9.3.2), by GtWeb as a user runs it (Kestrel, which writes no body for a HEAD). The pages did; every API endpoint
/// answered 405, being mapped for GET alone, and so did the OpenAPI document (<c>MapOpenApi</c> maps GET only).
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed class HeadRequestTests(DemoTowns towns)
{
    public static TheoryData<string> Paths =>
    [
        "/",
        "/ready",
        "/unit?ref=pl-100",
        "/unit?ref=pl-999",
        "/ready?limit=abc",
        "/api/units/pl-100",
        "/api/units/pl-999",
        "/api/dependents/pl-100.1",
        "/api/remotes/alice/units",
        "/api/remotes/alice/units?limit=2",
        "/api/orgs/acme.com/units",
        "/api/projects/pl-100?include_delegated=true",
        "/api/ready",
        "/api/ready?limit=abc",
        "/api/audit?actor=*",
        "/api/search?q=query",
        "/api/changes",
        "/openapi/v1.json",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_head_request_is_answered_as_get_is_without_the_body(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient();
        using var get = await client.GetAsync(towns.Server.Url(path), ct);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, towns.Server.Url(path)), ct);

        head.StatusCode.ShouldBe(get.StatusCode, $"HEAD {path}");
        get.StatusCode.ShouldNotBe(HttpStatusCode.MethodNotAllowed);
        head.Content.Headers.ContentType?.ToString().ShouldBe(get.Content.Headers.ContentType?.ToString(), $"HEAD {path}");
        head.Headers.GetValues("Content-Security-Policy").ShouldBe(get.Headers.GetValues("Content-Security-Policy"));
        (await head.Content.ReadAsByteArrayAsync(ct)).ShouldBeEmpty($"HEAD {path}");
    }
}
