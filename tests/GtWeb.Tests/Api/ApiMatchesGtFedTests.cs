using System.Net;
using System.Text.Json.Nodes;

namespace GtWeb.Tests.Api;

/// <summary>Every API endpoint answers what gtfed prints with --json for the same question (the SDK's QueryDocuments, one shape).</summary>
[Collection(DemoTownsCollection.Name)]
public sealed class ApiMatchesGtFedTests(DemoTowns towns) : IDisposable
{
    private readonly GtWebFactory _factory = new(towns.Acme);

    public static TheoryData<string> Units => new()
    {
        "pl-100.1",
        "gt://acme.com/projects/platform/pl-101",
        "gt://alice@example.com/town/gastown/gt-xyz.2",
        "gt://carol@contractor.dev/studio/web/wb-8",
    };

    [Theory]
    [MemberData(nameof(Units))]
    public async Task Unit_is_gtfed_show(string reference)
    {
        var api = await GetJsonAsync("/api/units/" + Uri.EscapeDataString(reference));
        AssertSame(api, towns.GtFedJson("show", reference));
        api["uri"]!.GetValue<string>().ShouldStartWith("gt://");
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task Dependents_are_gtfed_dependents(string reference)
    {
        var api = await GetJsonAsync("/api/dependents/" + Uri.EscapeDataString(reference));
        AssertSame(api, towns.GtFedJson("dependents", reference));
        api["query"]!.GetValue<string>().ShouldBe("dependents");
    }

    [Fact]
    public async Task Unit_with_a_hostile_title_is_gtfed_show()
    {
        var api = await GetJsonAsync("/api/units/" + Uri.EscapeDataString(towns.HostileUri));
        AssertSame(api, towns.GtFedJson("show", towns.HostileUri));
        api["title"]!.GetValue<string>().ShouldBe(DemoTowns.HostileTitle);
    }

    [Fact]
    public async Task Remote_list_is_gtfed_list_remote()
    {
        var api = await GetJsonAsync("/api/remotes/alice/units");
        AssertSame(api, towns.GtFedJson("list", "--remote", "alice"));
        api["items"]!.AsArray().Count.ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task Remote_list_with_a_status_is_gtfed_list_remote_status()
    {
        var api = await GetJsonAsync("/api/remotes/alice/units?status=closed");
        AssertSame(api, towns.GtFedJson("list", "--remote", "alice", "--status", "closed"));
        api["items"]!.AsArray().ShouldAllBe(i => i!["status"]!.GetValue<string>() == "closed");
    }

    [Fact]
    public async Task Organization_is_gtfed_list_org()
    {
        var api = await GetJsonAsync("/api/orgs/acme.com/units");
        AssertSame(api, towns.GtFedJson("list", "--org", "acme.com"));
        api["verified_members"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["alice@example.com", "bob@example.com"], ignoreOrder: true);
        api["unverified_claims"]!.AsArray().ShouldContain(c => c!["subject"]!.GetValue<string>() == "carol@contractor.dev");
    }

    [Fact]
    public async Task Project_with_delegated_work_is_gtfed_list_project_include_delegated()
    {
        var api = await GetJsonAsync("/api/projects/" + Uri.EscapeDataString(DemoTowns.Project) + "?include_delegated=true");
        AssertSame(api, towns.GtFedJson("list", "--project", DemoTowns.Project, "--include-delegated"));
        api["delegated_portions"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Project_without_delegated_work_is_gtfed_list_project()
    {
        var api = await GetJsonAsync("/api/projects/" + Uri.EscapeDataString(DemoTowns.Project));
        AssertSame(api, towns.GtFedJson("list", "--project", DemoTowns.Project));
        api["items"]!.AsArray().ShouldAllBe(i => i!["uri"]!.GetValue<string>().StartsWith("gt://acme.com/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ready_is_gtfed_list_ready()
    {
        var api = await GetJsonAsync("/api/ready");
        AssertSame(api, towns.GtFedJson("list", "--ready"));
        api["count"]!.GetValue<int>().ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task Ready_with_a_status_is_gtfed_list_ready_status()
    {
        var api = await GetJsonAsync("/api/ready?status=in_progress");
        AssertSame(api, towns.GtFedJson("list", "--ready", "--status", "in_progress"));
        api["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Audit_is_gtfed_audit()
    {
        var api = await GetJsonAsync("/api/audit?actor=" + Uri.EscapeDataString("gastown/*"));
        AssertSame(api, towns.GtFedJson("audit", "--actor", "gastown/*"));
        api.AsObject().ContainsKey("next").ShouldBeFalse();
        api["items"]!.AsArray().Count.ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task Audit_since_is_gtfed_audit_since()
    {
        var api = await GetJsonAsync("/api/audit?actor=*&since=" + Uri.EscapeDataString("2026-01-08T00:00:00Z"));
        AssertSame(api, towns.GtFedJson("audit", "--actor", "*", "--since", "2026-01-08T00:00:00Z"));
        api["items"]!.AsArray().ShouldAllBe(e => e!["ts"]!.GetValue<DateTimeOffset>() >= new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Audit_since_a_duration_is_gtfed_audit_since_that_duration()
    {
        // gtfed read --since 7d; the API refused it (RFC 3339 only): both read AuditSince now.
        // Each counts ten years back from its own now, so the documents differ in that instant alone.
        var api = (await GetJsonAsync("/api/audit?actor=*&since=3650d"))!.AsObject();
        var gtfed = towns.GtFedJson("audit", "--actor", "*", "--since", "3650d").AsObject();
        var apiSince = api["since"]!.GetValue<DateTimeOffset>();
        (apiSince - gtfed["since"]!.GetValue<DateTimeOffset>()).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(5));
        (DateTimeOffset.UtcNow - TimeSpan.FromDays(3650) - apiSince).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(5));
        api.Remove("since");
        gtfed.Remove("since");
        AssertSame(api, gtfed);
        api["items"]!.AsArray().Count.ShouldBeGreaterThan(2);
    }

    public static TheoryData<string, string[], int> PagedLists => new()
    {
        { "/api/remotes/alice/units", ["list", "--remote", "alice"], 2 },
        { "/api/orgs/acme.com/units", ["list", "--org", "acme.com"], 1 },
        { "/api/projects/" + Uri.EscapeDataString(DemoTowns.Project) + "?include_delegated=true", ["list", "--project", DemoTowns.Project, "--include-delegated"], 2 },
        { "/api/ready", ["list", "--ready"], 2 },
        { "/api/ready?status=open", ["list", "--ready", "--status", "open"], 1 },
        { "/api/audit?actor=*", ["audit", "--actor", "*"], 3 },
        { "/api/dependents/" + Uri.EscapeDataString(DemoTowns.Project), ["dependents", DemoTowns.Project], 1 },
    };

    // Each page is the SDK's page query, as gtfed --limit prints it (its token the SDK's, taken by --after), never a cut of
    // the whole document: on the old API (an offset into the whole answer) the first token already differs.
    [Theory]
    [MemberData(nameof(PagedLists))]
    public async Task Every_page_is_gtfed_limit_page_and_the_pages_walk_the_whole_list(string path, string[] command, int limit)
    {
        var whole = (await GetJsonAsync(path))["items"]!.AsArray();
        var walked = new JsonArray();
        string? after = null;
        var pages = 0;
        do
        {
            var query = (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "limit=" + limit + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            var page = await GetJsonAsync(path + query);
            AssertSame(page, towns.GtFedJson([.. command, "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture), .. after is null ? Array.Empty<string>() : ["--after", after]]));
            foreach (var item in page["items"]!.AsArray())
            {
                walked.Add(item!.DeepClone());
            }

            after = page["next"]?.GetValue<string>();
            (++pages).ShouldBeLessThan(50);
        }
        while (after is not null);

        JsonNode.DeepEquals(walked, whole).ShouldBeTrue($"walked:\n{walked.ToJsonString()}\nwhole:\n{whole.ToJsonString()}");
        pages.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task An_after_without_a_limit_is_a_page_of_fifty_as_gtfed_gives_it()
    {
        var first = await GetJsonAsync("/api/ready?limit=1");
        var after = first["next"]!.GetValue<string>();
        AssertSame(await GetJsonAsync("/api/ready?after=" + Uri.EscapeDataString(after)), towns.GtFedJson("list", "--ready", "--after", after));
    }

    [Fact]
    public async Task An_empty_after_is_no_after()
    {
        AssertSame(await GetJsonAsync("/api/ready?after="), towns.GtFedJson("list", "--ready"));
        AssertSame(await GetJsonAsync("/api/audit?actor=*&limit=2&after="), towns.GtFedJson("audit", "--actor", "*", "--limit", "2"));
    }

    [Fact]
    public async Task Paging_ready_work_walks_every_unit_once_in_order()
    {
        var whole = (await GetJsonAsync("/api/ready"))["items"]!.AsArray().Select(i => i!["uri"]!.GetValue<string>()).ToList();
        var walked = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await GetJsonAsync("/api/ready?limit=2" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after)));
            var items = page["items"]!.AsArray();
            items.Count.ShouldBeInRange(1, 2);
            page["count"]!.GetValue<int>().ShouldBe(items.Count);
            walked.AddRange(items.Select(i => i!["uri"]!.GetValue<string>()));
            after = page["next"]?.GetValue<string>();
            (++pages).ShouldBeLessThan(50);
        }
        while (after is not null);

        walked.ShouldBe(whole);
        pages.ShouldBe((whole.Count + 1) / 2);
    }

    [Fact]
    public async Task Paging_audit_walks_every_entry_once()
    {
        var whole = (await GetJsonAsync("/api/audit?actor=*"))["items"]!.AsArray();
        var walked = new JsonArray();
        string? after = null;
        do
        {
            var page = await GetJsonAsync("/api/audit?actor=*&limit=3" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after)));
            foreach (var entry in page["items"]!.AsArray())
            {
                walked.Add(entry!.DeepClone());
            }

            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        JsonNode.DeepEquals(walked, whole).ShouldBeTrue();
        whole.Count.ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task Search_is_gtfed_search()
    {
        var api = await GetJsonAsync("/api/search?q=" + Uri.EscapeDataString("query service"));
        AssertSame(api, towns.GtFedJson("search", "query service"));
        api["items"]!.AsArray().Select(i => i!["uri"]!.GetValue<string>()).ShouldContain("gt://alice@example.com/town/gastown/gt-xyz");
    }

    [Fact]
    public async Task Search_pages_walk_every_hit_once()
    {
        var whole = (await GetJsonAsync("/api/search?q=query"))["items"]!.AsArray().Select(i => i!["uri"]!.GetValue<string>()).ToList();
        whole.Count.ShouldBeGreaterThan(1);
        var walked = new List<string>();
        string? after = null;
        do
        {
            var page = await GetJsonAsync("/api/search?q=query&limit=1" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after)));
            AssertSame(page, towns.GtFedJson(["search", "query", "--limit", "1", .. after is null ? Array.Empty<string>() : ["--after", after]]));
            walked.AddRange(page["items"]!.AsArray().Select(i => i!["uri"]!.GetValue<string>()));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        walked.ShouldBe(whole);
    }

    [Fact]
    public async Task Changes_are_gtfed_changes()
    {
        var api = await GetJsonAsync("/api/changes");
        AssertSame(api, towns.GtFedJson("changes"));
        api["resume"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/units/{reference}");
        paths.ShouldContain("/api/dependents/{reference}");
        paths.ShouldContain("/api/remotes/{name}/units");
        paths.ShouldContain("/api/orgs/{entity}/units");
        paths.ShouldContain("/api/projects/{reference}");
        paths.ShouldContain("/api/ready");
        paths.ShouldContain("/api/audit");
        paths.ShouldContain("/api/search");
        paths.ShouldContain("/api/changes");
    }

    [Fact]
    public async Task OpenApi_document_types_the_values_the_api_reads_itself()
    {
        // The endpoints take limit, include_delegated and since as text (so a bad one is a problem naming it); the document
        // still says what to send.
        var document = await GetJsonAsync("/openapi/v1.json");
        JsonNode Schema(string path, string name) => document["paths"]![path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;

        var limit = Schema("/api/ready", "limit");
        limit["type"]!.GetValue<string>().ShouldBe("integer");
        limit["minimum"]!.GetValue<int>().ShouldBe(1);
        limit["maximum"]!.GetValue<int>().ShouldBe(500);
        Schema("/api/projects/{reference}", "include_delegated")["type"]!.GetValue<string>().ShouldBe("boolean");
        Schema("/api/dependents/{reference}", "limit")["maximum"]!.GetValue<int>().ShouldBe(500);
        var since = Schema("/api/audit", "since");
        since["type"]!.GetValue<string>().ShouldBe("string");
        since["description"]!.GetValue<string>().ShouldContain("a duration back from now (30m, 12h, 7d, 2w)");
        Schema("/api/changes", "since")["type"]!.GetValue<string>().ShouldBe("string");
    }

    public void Dispose() => _factory.Dispose();

    private static void AssertSame(JsonNode? api, JsonNode gtfed) =>
        JsonNode.DeepEquals(api, gtfed).ShouldBeTrue($"API:\n{api?.ToJsonString()}\ngtfed:\n{gtfed.ToJsonString()}");

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }
}
