using System.Net;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;
using GtFed.Tests;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A page whose question fails draws its error box with the status the API answers for the same question (404 not found,
/// 400 bad input, 502 a remote that cannot be read), never a 200 that tells a script or a monitor the page answered.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed partial class PageStatusTests(DemoTowns towns) : IDisposable
{
    private readonly GtWebFactory _factory = new(towns.Acme);

    /// <summary>A page, the API request asking the same, and the status both answer.</summary>
    public static TheoryData<string, string, HttpStatusCode> Failures => new()
    {
        { "/unit?ref=" + Escape("gt://acme.com/projects/platform/pl-999"), "/api/units/" + Escape("gt://acme.com/projects/platform/pl-999"), HttpStatusCode.NotFound },
        { "/unit?ref=" + Escape("gt://ghost.example/nowhere/hq-1"), "/api/units/" + Escape("gt://ghost.example/nowhere/hq-1"), HttpStatusCode.NotFound },
        { "/unit?ref=%ZZ", "/api/units/%25ZZ", HttpStatusCode.BadRequest },
        { "/project?ref=" + Escape("gt://acme.com/projects/platform/pl-999"), "/api/projects/" + Escape("gt://acme.com/projects/platform/pl-999"), HttpStatusCode.NotFound },
        { "/remote?name=nope", "/api/remotes/nope/units", HttpStatusCode.NotFound },
        { "/remote?name=alice&limit=0", "/api/remotes/alice/units?limit=0", HttpStatusCode.BadRequest },
        { "/org?entity=not%20an%20entity", "/api/orgs/not%20an%20entity/units", HttpStatusCode.BadRequest },
        { "/ready?limit=abc", "/api/ready?limit=abc", HttpStatusCode.BadRequest },
        { "/audit?actor=*&limit=2&after=not-a-token", "/api/audit?actor=*&limit=2&after=not-a-token", HttpStatusCode.BadRequest },
        { "/search?q=pump&status=finished", "/api/search?q=pump&status=finished", HttpStatusCode.BadRequest },
        { "/changes?since=garbage", "/api/changes?since=garbage", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_page_answers_the_api_s_status_with_its_error_box(string page, string api, HttpStatusCode status)
    {
        using var client = _factory.CreateClient();
        await AssertFailsAsync(client, api, page, status);
    }

    [Fact]
    public async Task A_page_whose_remote_cannot_be_read_is_502_with_its_error_box()
    {
        // As ProblemDetailsTests' 502: alice's chain registered at a repository that is gone before the first fetch.
        using var directory = new TempDirectory("gtweb-page-502");
        var town = directory.Combine("watcher");
        var mirror = directory.Combine("alice.git");
        GitCli.Run(directory.Path, "clone", "--quiet", "--bare", Path.Combine(towns.Alice, "federation", "git"), mirror);
        GtFedProcess.Run("init", "--town", town, "--owner", "watcher@example.com", "--name", "watch").ExitCode.ShouldBe(0);
        GtFedProcess.Run("remote", "add", "alice", "gt://alice@example.com/town", "--url", mirror, "--town", town).ExitCode.ShouldBe(0);
        Directory.Delete(mirror, recursive: true);
        GtFedProcess.Run("fetch", "--town", town).ExitCode.ShouldNotBe(0);

        using var factory = new GtWebFactory(town);
        using var client = factory.CreateClient();
        var unit = Escape("gt://alice@example.com/town/gastown/gt-xyz");
        await AssertFailsAsync(client, "/api/units/" + unit, "/unit?ref=" + unit, HttpStatusCode.BadGateway);
    }

    public void Dispose() => _factory.Dispose();

    private static async Task AssertFailsAsync(HttpClient client, string api, string page, HttpStatusCode status)
    {
        var ct = TestContext.Current.CancellationToken;
        using (var answer = await client.GetAsync(new Uri(api, UriKind.Relative), ct))
        {
            answer.StatusCode.ShouldBe(status, $"{api}: {await answer.Content.ReadAsStringAsync(ct)}");
        }

        using var response = await client.GetAsync(new Uri(page, UriKind.Relative), ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        response.StatusCode.ShouldBe(status, $"{page}:\n{html}");
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        ErrorAlert().IsMatch(html).ShouldBeTrue($"no error box on {page}:\n{html}");
    }

    private static string Escape(string text) => Uri.EscapeDataString(text);

    [GeneratedRegex("<div class=\"error\" role=\"alert\">.+?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorAlert();
}
