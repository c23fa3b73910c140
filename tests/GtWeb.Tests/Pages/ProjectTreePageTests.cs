using System.Net;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A remote's project whose units name two parents each, level under level (a ladder of diamonds): every unit is one
/// row of the project page's tree, however many paths lead to it. Before, the tree drew a unit once per path from the
/// root, so a remote of a few dozen units made the page draw 2^depth rows (at the tree's depth limit of 32, billions:
/// the request never ended).
/// </summary>
public sealed partial class ProjectTreePageTests(ProjectTreePageTests.LadderRemote ladder) : IClassFixture<ProjectTreePageTests.LadderRemote>
{
    private const string Chain = FollowedRemote.Chain;

    /// <summary>Levels of two units each under the root: 2^12 paths to each unit of the last level.</summary>
    private const int Levels = 12;

    [Fact]
    public async Task A_unit_with_two_parents_is_drawn_once_in_the_tree()
    {
        var ct = TestContext.Current.CancellationToken;
        using var factory = new GtWebFactory(ladder.Observer);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/project?ref=" + Uri.EscapeDataString(Chain + "/gastown/gt-root"), UriKind.Relative), ct);
        var html = await response.Content.ReadAsStringAsync(ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 2000 ? html[..2000] : html);
        var drawn = TreeNode().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["uri"].Value)).ToList();
        drawn.Count.ShouldBe(1 + (2 * Levels), "the tree drew units more than once: " + drawn.Count + " rows");
        drawn.Distinct(StringComparer.Ordinal).Count().ShouldBe(drawn.Count);
        // A unit reached again is still said under its other parent, as a link to where it is drawn.
        html.ShouldContain("data-testid=\"tree-seen\"");
    }

    [GeneratedRegex("data-testid=\"tree-node\" data-uri=\"(?<uri>[^\"]+)\"")]
    private static partial Regex TreeNode();

    /// <summary>Alice's project gt-root with <see cref="Levels"/> levels of units gt-a{n} and gt-b{n}, each a child of both units of the level above, published and fetched by bob.</summary>
    public sealed class LadderRemote : IAsyncLifetime
    {
        private readonly TempDirectory _temp = new("gtweb-ladder");

        /// <summary>Bob's town, which GtWeb serves.</summary>
        public string Observer { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            (Observer, _) = await FollowedRemote.CreateAsync(_temp, rig =>
            {
                rig.WithIssue("gt-root", "The project", i => i.Type("epic"));
                for (var level = 1; level <= Levels; level++)
                {
                    var parents = level == 1 ? ["gt-root"] : new[] { $"gt-a{level - 1}", $"gt-b{level - 1}" };
                    foreach (var side in new[] { "a", "b" })
                    {
                        rig.WithIssue($"gt-{side}{level}", $"Level {level} {side}", i =>
                        {
                            foreach (var parent in parents)
                            {
                                i.DependsOn(parent, "parent-child");
                            }
                        });
                    }
                }
            }, ct);
        }

        public ValueTask DisposeAsync()
        {
            _temp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
