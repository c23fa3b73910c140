using System.Net;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A remote's project deeper than the walk goes (a line of 80 units, each the child of the one before): the page says
/// its answer is incomplete and its tree says where it stops drawing. The page said "65 work units" and drew 33 rows,
/// as if that were the whole project; only the API carried the truncation.
/// </summary>
public sealed class DeepProjectPageTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-deep");

    [Fact]
    public async Task A_project_deeper_than_the_walk_says_it_is_incomplete_and_where_the_tree_stops()
    {
        var ct = TestContext.Current.CancellationToken;
        var (observer, _) = await FollowedRemote.CreateAsync(_temp, rig =>
        {
            rig.WithIssue("gt-d0", "The project", i => i.Type("epic"));
            for (var level = 1; level < 80; level++)
            {
                var parent = $"gt-d{level - 1}";
                rig.WithIssue($"gt-d{level}", $"Level {level}", i => i.DependsOn(parent, "parent-child"));
            }
        }, ct);

        using var factory = new GtWebFactory(observer);
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/project?ref=" + Uri.EscapeDataString("gt://alice@example.com/town/gastown/gt-d0"), UriKind.Relative), ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(ct));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("<h2>Incomplete answer</h2>");
        html.ShouldContain("<li><strong>Depth</strong> (limit 64):");
        html.ShouldContain("stopped at depth 64, the deepest this host walks");
        html.ShouldNotContain("QueryOptions"); // an option the page's reader cannot set
        html.ShouldContain("data-testid=\"tree-cut\"> · the tree is drawn 32 levels deep; this unit's children are left out of it");
    }

    public void Dispose() => _temp.Dispose();
}
