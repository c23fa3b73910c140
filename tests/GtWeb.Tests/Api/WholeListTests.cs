using System.Net;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.TestSupport;
using GtFed.Tests;

namespace GtWeb.Tests.Api;

/// <summary>
/// A whole list (or a unit's whole dependents) asked of the API without <c>limit</c>: walked page by page by the SDK's walks and written through a
/// spool, so the server holds a page, not the list (it used to build the whole answer and its whole JSON tree in
/// memory, a few hundred megabytes for a remote of 100k units, for anyone who asked); the document is still gtfed's
/// without <c>--limit</c>, byte for byte, over several pages.
/// </summary>
public sealed class WholeListTests : IDisposable
{
    private const string Owner = "alice@example.com";
    private const string Chain = FollowedRemote.Chain;
    private const int Units = 2_500;
    private readonly TempDirectory _temp = new("gtweb-whole-list");

    [Theory]
    [InlineData("/api/remotes/alice/units", new[] { "list", "--remote", "alice" })]
    [InlineData("/api/remotes/alice/units?status=open", new[] { "list", "--remote", "alice", "--status", "open" })]
    [InlineData("/api/ready?status=open", new[] { "list", "--ready", "--status", "open" })]
    [InlineData("/api/audit?actor=*", new[] { "audit", "--actor", "*" })]
    [InlineData("/api/dependents/gt%3A%2F%2Falice%40example.com%2Ftown%2Fgastown%2Fgt-10000", new[] { "dependents", Chain + "/gastown/gt-10000" })]
    public async Task A_list_of_several_pages_is_gtfed_s_whole_document_byte_for_byte(string path, string[] command)
    {
        var root = await ObserverOfManyUnitsAsync();
        using var factory = new GtWebFactory(root);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var gtfed = GtFedProcess.Run([.. command, "--town", root, "--json"]);
        gtfed.ExitCode.ShouldBe(0, gtfed.StandardError);
        body.ShouldBe(gtfed.StandardOutput);
        var document = System.Text.Json.JsonDocument.Parse(body).RootElement;
        document.GetProperty("count").GetInt32().ShouldBeGreaterThan(1_000);
        if (path.StartsWith("/api/ready", StringComparison.Ordinal))
        {
            // Every blocked unit counts, whatever status the list keeps; the items are the open ones only.
            document.GetProperty("blocked").GetInt32().ShouldBeGreaterThan(0);
            document.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("status").GetString() == "open");
        }
    }

    [Fact]
    public async Task The_whole_remote_list_is_the_document_of_the_whole_result()
    {
        // Not only gtfed's (which writes through the same SDK writer): QueryDocuments over the loaded whole result.
        var root = await ObserverOfManyUnitsAsync();
        using var factory = new GtWebFactory(root);
        using var client = factory.CreateClient();
        var body = await client.GetStringAsync(new Uri("/api/remotes/alice/units", UriKind.Relative), TestContext.Current.CancellationToken);

        await using var town = Town.Open(root);
        var whole = await town.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: TestContext.Current.CancellationToken);
        using var expected = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(expected, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            GasTown.Federation.Query.QueryDocuments.RemoteList(whole, "alice").WriteTo(writer);
        }

        body.ShouldBe(System.Text.Encoding.UTF8.GetString(expected.ToArray()) + Environment.NewLine);
    }

    [Fact]
    public async Task A_whole_list_is_read_page_by_page_from_the_index()
    {
        var root = await ObserverOfManyUnitsAsync();
        using var factory = new GtWebFactory(root);
        using var client = factory.CreateClient();
        using var sources = new QuerySources();
        // The server's request activity continues this test's trace (hosting makes one when someone listens to it), so
        // the queries it runs are counted here.
        using var hosting = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(hosting);
        client.DefaultRequestHeaders.Add("traceparent", System.Diagnostics.Activity.Current!.Id);

        using var response = await client.GetAsync(new Uri("/api/remotes/alice/units", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // One query per page of 1,000, each from the index: never the whole list at once.
        sources.TakeSteps().ShouldBe(Enumerable.Repeat<(string?, string?)>(("list.remote.walk", "index"), (Units + 999) / 1_000));
    }

    [Fact]
    public async Task A_bad_request_for_a_whole_list_is_still_a_problem_response()
    {
        using var factory = new GtWebFactory(await ObserverOfManyUnitsAsync());
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/remotes/nobody/units", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// A town that fetched alice's, whose one rig holds more units than two walk pages, a third of them closed, each
    /// created by a crew member, and half of them naming the first.
    /// </summary>
    private async Task<string> ObserverOfManyUnitsAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var (observer, _) = await FollowedRemote.CreateAsync(_temp, rig =>
        {
            for (var n = 0; n < Units; n++)
            {
                // A third closed, some in progress, and one in seven waiting on the unit before it (blocked when that is not closed).
                rig.WithIssue($"gt-{10_000 + n}", $"Generated work {n}", i =>
                {
                    i.Status(n % 3 == 0 ? "closed" : n % 5 == 1 ? "in_progress" : "open").Assignee(Owner).CreatedBy("gastown/crew/joe");
                    if (n % 7 == 2)
                    {
                        i.DependsOn($"gt-{10_000 + n - 1}");
                    }

                    // Half of them name the first as related (which blocks nothing): its dependents are two walk pages.
                    if (n > 0 && n % 2 == 0)
                    {
                        i.DependsOn("gt-10000", type: "related");
                    }
                });
            }
        }, ct);
        return observer;
    }
}
