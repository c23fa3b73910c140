using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GasTown.Federation.Hosting;
using GasTown.Federation.Index;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Api;

/// <summary>
/// A failure of the server's own federation index (the SDK's <see cref="FederationIndexException"/>, kind RemoteFailure)
/// is the server's, said as such: 503 with the SDK's message, on the API and on the pages that answer from the index. It
/// was "A remote chain could not be read", 502, which sent a reader after a remote that is fine.
/// </summary>
public sealed partial class OwnIndexFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-own-index");

    [Theory]
    [InlineData("/api/search?q=login")]
    [InlineData("/api/changes")]
    public async Task The_api_answers_503_naming_this_server_s_index_with_the_sdk_s_message_and_kind(string path)
    {
        using var factory = new GtWebFactory(TownWithAFolderForItsIndex());
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(body)!;
        problem["status"]!.GetValue<int>().ShouldBe(503);
        problem["title"]!.GetValue<string>().ShouldBe("The federation index on this server could not be used");
        problem["kind"]!.GetValue<string>().ShouldBe("RemoteFailure");
        problem["detail"]!.GetValue<string>().ShouldContain("is a folder, where the index's file should be");
        body.ShouldNotContain("remote chain could not be read");
    }

    [Theory]
    [InlineData("/search?q=login")]
    [InlineData("/changes")]
    public async Task A_page_shows_its_error_box_naming_this_server_s_index_and_who_can_mend_it(string path)
    {
        using var factory = new GtWebFactory(TownWithAFolderForItsIndex());
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, html);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var box = ErrorAlert().Match(html);
        box.Success.ShouldBeTrue($"no error box on {path}:\n{html}");
        var text = WebUtility.HtmlDecode(box.Value);
        text.ShouldContain("The federation index on this server could not be used");
        text.ShouldContain("is a folder, where the index's file should be");
        text.ShouldContain("not a remote");
        // What a reader can do: tell whoever runs the server, who can rebuild it (GtWeb cannot be told to).
        text.ShouldContain("the server's operator");
        text.ShouldContain("gtfed index --rebuild");
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// A town with work to search whose index file is a folder: no user, root included, can open it as a database (a
    /// read-only federation folder stops no root, and the tests run as root in CI), so the index can be neither read nor
    /// built (the SDK says RemoteFailure, as it does for a file this process may not write).
    /// </summary>
    private string TownWithAFolderForItsIndex()
    {
        var town = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("owner@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Fix the login"))
            .Build();
        // No index is built yet: the folder stands where the first query would create it.
        Directory.CreateDirectory(Path.Combine(town.Root, "federation", "index.db"));
        return town.Root;
    }

    [GeneratedRegex("<div class=\"error\" role=\"alert\">.+?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorAlert();
}
