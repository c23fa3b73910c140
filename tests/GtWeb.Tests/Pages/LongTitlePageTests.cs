using System.Net;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A remote unit whose title is 200,000 characters (hostile data): every list shows it cut, with an ellipsis, and only the
/// unit's own page and the JSON API give it whole. Every row, tree node and graph label repeated it in full. (The changes
/// page cuts its rows with the same ListTitle; a first index records no changes, so it is not among the lists here.)
/// </summary>
public sealed class LongTitlePageTests : IDisposable
{
    private const string Root = FollowedRemote.Chain + "/gastown/gt-root";
    private const string Long = FollowedRemote.Chain + "/gastown/gt-long";
    private const string After = FollowedRemote.Chain + "/gastown/gt-after";

    private static readonly string Title = "Longtitle " + new string('y', 200_000);

    // What a row shows: the first 200 characters and an ellipsis (GtWeb's ListTitle.MaxShown).
    private static readonly string Shown = Title[..200] + "…";

    private readonly TempDirectory _temp = new("gtweb-long-title");

    public static TheoryData<string> Lists =>
    [
        "/remote?name=alice",
        "/ready",
        "/search?q=Longtitle",
        "/project?ref=" + Uri.EscapeDataString(Root),
        "/unit?ref=" + Uri.EscapeDataString(Root),
        "/unit?ref=" + Uri.EscapeDataString(After),
    ];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_list_shows_a_long_title_cut(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var factory = new GtWebFactory(await CreateAsync(ct));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(ct));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain(Shown);
        html.ShouldNotContain(Title[..201]);
    }

    [Fact]
    public async Task The_unit_s_page_and_the_api_give_the_whole_title()
    {
        var ct = TestContext.Current.CancellationToken;
        using var factory = new GtWebFactory(await CreateAsync(ct));
        using var client = factory.CreateClient();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/unit?ref=" + Uri.EscapeDataString(Long), UriKind.Relative), ct));
        var api = await client.GetStringAsync(new Uri("/api/remotes/alice/units", UriKind.Relative), ct);

        page.ShouldContain($"<span data-testid=\"title\">{Title}</span>");
        api.ShouldContain(Title);
    }

    public void Dispose() => _temp.Dispose();

    // A root with the long-titled unit as its child, which another unit is blocked by: the long title is then a row of the
    // remote's list, ready work, search, the root's tree, graph and dependents, and the other's dependencies.
    private async Task<string> CreateAsync(CancellationToken cancellationToken)
    {
        var (observer, _) = await FollowedRemote.CreateAsync(_temp, rig =>
        {
            rig.WithIssue("gt-root", "The root", i => i.Type("epic"));
            rig.WithIssue("gt-long", Title, i => i.DependsOn("gt-root", "parent-child"));
            rig.WithIssue("gt-after", "After the long one", i => i.DependsOn("gt-long"));
        }, cancellationToken);
        return observer;
    }
}
