using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;
using GtFed.Tests;

namespace GtWeb.Tests.Api;

/// <summary>
/// The list of a remote registered but never fetched has no answer: the API answers the unreachable reason as a problem
/// (as <c>gtfed list --remote NAME --json</c> fails, exit 3), and the remote page its error box with the same status and a
/// way to fetch, whole or paged. It was 200 with <c>count: 0</c> and the cause only in <c>unreachable</c>.
/// </summary>
public sealed partial class NeverFetchedRemoteTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-never-fetched");

    [Theory]
    [InlineData("/api/remotes/alice/units")]
    [InlineData("/api/remotes/alice/units?limit=10")]
    public async Task The_api_answers_the_unreachable_reason_as_a_problem_as_gtfed_fails(string path)
    {
        var root = await TownWithANeverFetchedRemoteAsync();
        using var factory = new GtWebFactory(root);
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(body)!;
        problem["kind"]!.GetValue<string>().ShouldBe("RemoteFailure");
        problem["reason"]!.GetValue<string>().ShouldBe("NeverFetched");
        problem["target"]!.GetValue<string>().ShouldContain(FollowedRemote.Chain);
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();

        var gtfed = GtFedProcess.Run("list", "--remote", "alice", "--town", root, "--json");
        gtfed.ExitCode.ShouldBe(3, gtfed.ToString());
    }

    [Theory]
    [InlineData("/remote?name=alice")]
    [InlineData("/remote?name=alice&limit=10")]
    public async Task The_remote_page_shows_the_failure_with_the_api_s_status_and_a_fetch(string path)
    {
        using var factory = new GtWebFactory(await TownWithANeverFetchedRemoteAsync());
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway, html);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        ErrorAlert().IsMatch(html).ShouldBeTrue($"no error box:\n{html}");
        html.ShouldNotContain("data-testid=\"unreachable\"");
        // The fix is a fetch: the town page's, posted from here (with its antiforgery token), after which the page answers.
        var form = FetchForm().Match(html);
        form.Success.ShouldBeTrue($"no fetch form:\n{html}");
        using (var fetch = await client.PostAsync(
            new Uri(WebUtility.HtmlDecode(form.Groups["action"].Value), UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", form.Groups["token"].Value)]),
            TestContext.Current.CancellationToken))
        {
            fetch.StatusCode.ShouldBe(HttpStatusCode.OK, await fetch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        using var after = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var fetched = await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        after.StatusCode.ShouldBe(HttpStatusCode.OK, fetched);
        fetched.ShouldContain("Alice&#x27;s work");
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A town with alice's published chain registered as a remote and never fetched.</summary>
    private async Task<string> TownWithANeverFetchedRemoteAsync()
    {
        var (observer, _) = await FollowedRemote.CreateAsync(_temp, rig => rig.WithIssue("gt-1", "Alice's work"), fetched: false, TestContext.Current.CancellationToken);
        return observer;
    }

    [GeneratedRegex("<div class=\"error\" role=\"alert\">.+?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorAlert();

    [GeneratedRegex("<form method=\"post\" data-testid=\"remote-fetch\" action=\"(?<action>[^\"]+)\">\\s*<button type=\"submit\">Fetch now</button>.*?name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex FetchForm();
}
