using System.Net;
using System.Text.Json.Nodes;
using GasTown.Federation.TestSupport;
using GtFed.Tests;

namespace GtWeb.Tests.Api;

/// <summary>The API's failures are RFC 9457 problem details carrying the SDK's error kind.</summary>
[Collection(DemoTownsCollection.Name)]
public sealed class ProblemDetailsTests(DemoTowns towns) : IDisposable
{
    private readonly GtWebFactory _factory = new(towns.Acme);

    [Fact]
    public async Task A_malformed_uri_is_400_invalid_input()
    {
        var problem = await GetProblemAsync(_factory, "/api/units/" + Uri.EscapeDataString("gt://nope"), HttpStatusCode.BadRequest);
        problem["kind"]!.GetValue<string>().ShouldBe("InvalidInput");
        problem["detail"]!.GetValue<string>().ShouldContain("is not a work reference");
        // Only forms a web request can resolve: there is no current rig for ./ID here.
        problem["detail"]!.GetValue<string>().ShouldContain("RIG/ID, ID or external:RIG:ID");
        problem["detail"]!.GetValue<string>().ShouldNotContain("./ID");
    }

    [Fact]
    public async Task An_unknown_unit_is_404_not_found()
    {
        var problem = await GetProblemAsync(_factory, "/api/units/" + Uri.EscapeDataString("gt://acme.com/projects/platform/pl-999"), HttpStatusCode.NotFound);
        problem["kind"]!.GetValue<string>().ShouldBe("NotFound");
        problem["detail"]!.GetValue<string>().ShouldContain("pl-999");
    }

    [Fact]
    public async Task The_dependents_of_an_unknown_unit_are_404_not_found_as_gtfed_exits_1()
    {
        var problem = await GetProblemAsync(_factory, "/api/dependents/" + Uri.EscapeDataString("gt://acme.com/projects/platform/pl-999"), HttpStatusCode.NotFound);
        problem["kind"]!.GetValue<string>().ShouldBe("NotFound");
        problem["detail"]!.GetValue<string>().ShouldContain("pl-999");
        problem["detail"]!.GetValue<string>().ShouldContain("Nothing in the federation depends on it.");
        GtFedProcess.Run("dependents", "gt://acme.com/projects/platform/pl-999", "--town", towns.Acme).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task A_chain_nobody_registered_is_404_with_the_reason()
    {
        var problem = await GetProblemAsync(_factory, "/api/units/" + Uri.EscapeDataString("gt://ghost.example/nowhere/hq-1"), HttpStatusCode.NotFound);
        problem["reason"]!.GetValue<string>().ShouldBe("NotRegistered");
    }

    [Fact]
    public async Task An_unreachable_remote_is_502_with_the_reason()
    {
        // A town that registered alice's chain at a repository that is gone before the first fetch: the fetch
        // fails, and the one chain that holds the answer cannot be read.
        using var directory = new TempDirectory("gtweb-502");
        var town = directory.Combine("watcher");
        var mirror = directory.Combine("alice.git");
        GitCli.Run(directory.Path, "clone", "--quiet", "--bare", Path.Combine(towns.Alice, "federation", "git"), mirror);
        Check(GtFedProcess.Run("init", "--town", town, "--owner", "watcher@example.com", "--name", "watch"));
        Check(GtFedProcess.Run("remote", "add", "alice", "gt://alice@example.com/town", "--url", mirror, "--town", town));
        Directory.Delete(mirror, recursive: true);
        GtFedProcess.Run("fetch", "--town", town).ExitCode.ShouldNotBe(0);

        using var factory = new GtWebFactory(town);
        var problem = await GetProblemAsync(factory, "/api/units/" + Uri.EscapeDataString("gt://alice@example.com/town/gastown/gt-xyz"), HttpStatusCode.BadGateway);
        problem["kind"]!.GetValue<string>().ShouldBe("RemoteFailure");
        problem["reason"]!.GetValue<string>().ShouldBeOneOf("FetchFailed", "NeverFetched");
        problem["detail"]!.GetValue<string>().ShouldContain("gt://alice@example.com/town");
    }

    [Fact]
    public async Task A_page_token_not_given_out_is_400()
    {
        var problem = await GetProblemAsync(_factory, "/api/ready?limit=2&after=not-a-token", HttpStatusCode.BadRequest);
        problem["kind"]!.GetValue<string>().ShouldBe("InvalidInput");
    }

    [Fact]
    public async Task An_unknown_status_is_400()
    {
        var problem = await GetProblemAsync(_factory, "/api/ready?status=finished", HttpStatusCode.BadRequest);
        problem["detail"]!.GetValue<string>().ShouldContain("not a status");
    }

    /// <summary>Values the framework would have bound and refused with a bare 400, each with what its problem must say.</summary>
    public static TheoryData<string, string> BadValues => new()
    {
        { "/api/ready?limit=abc", "limit takes a whole number from 1 to 500; 'abc' is not one." },
        { "/api/ready?limit=99999999999999", "limit must be between 1 and 500; it is 99999999999999." },
        { "/api/remotes/alice/units?limit=1.5", "limit takes a whole number from 1 to 500; '1.5' is not one." },
        { "/api/search?q=query&limit=ten", "limit takes a whole number from 1 to 500; 'ten' is not one." },
        { "/api/changes?limit=-", "limit takes a whole number from 1 to 500; '-' is not one." },
        // A token given twice reached the SDK joined, and its "'X,Y' is not a continuation token" named a comma never typed.
        { "/api/ready?after=X&after=Y", "after takes one token, the 'next' value of the previous page; 'X,Y' is several (after given more than once, or a list). Give it once, or leave it out for the first page." },
        { "/api/search?q=query&after=X&after=Y", "'X,Y' is several (after given more than once, or a list)." },
        { "/api/projects/pl-100?include_delegated=maybe", "include_delegated takes true or false; 'maybe' is not one." },
        { "/api/audit?actor=*&since=7q", "since '7q' is not a time: give an RFC 3339 time (2026-01-31T12:00:00Z), a date (2026-01-31, midnight UTC) or a duration back from now (30m, 12h, 7d, 2w)." },
        // The value is repeated safely: its override shown by code point, a long one cut short.
        { "/api/ready?limit=%E2%80%AE9", "'<U+202E>9' is not one." },
        { "/api/ready?limit=" + new string('9', 100) + "x", "'" + new string('9', 64) + "…' is not one." },
        // A status or an entity that is not one is repeated the same way (before, whole and as it was, override and all).
        { "/api/ready?status=%E2%80%AE", "'<U+202E>' is not a status" },
        { "/api/ready?status=" + new string('x', 100), "'" + new string('x', 64) + "…' is not a status" },
        { "/api/orgs/%E2%80%AEmoc.emca/units", "'<U+202E>moc.emca' is not an entity" },
        { "/api/orgs/" + new string('a', 100) + "/units", "'" + new string('a', 64) + "…' is not an entity" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_value_that_is_not_one_is_400_invalid_input_naming_it_and_what_it_takes(string path, string detail)
    {
        var problem = await GetProblemAsync(_factory, path, HttpStatusCode.BadRequest);
        problem["kind"]!.GetValue<string>().ShouldBe("InvalidInput");
        problem["detail"]!.GetValue<string>().ShouldContain(detail);
    }

    public void Dispose() => _factory.Dispose();

    private static void Check(GtFedRun run) => run.ExitCode.ShouldBe(0, run.ToString());

    private static async Task<JsonNode> GetProblemAsync(GtWebFactory factory, string path, HttpStatusCode expected)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(body)!;
        problem["status"]!.GetValue<int>().ShouldBe((int)expected);
        problem["title"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }
}
