using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// More changes than the changes page holds (100): the page links to the older ones before its keep-this link, which
/// skips them. Before, it said "the oldest are left out", and no link or token could show them.
/// </summary>
public sealed partial class ChangesOlderPageTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-changes-older");

    [Fact]
    public async Task The_changes_page_links_to_the_changes_it_left_out_and_they_keep_the_first_page_s_resume_link()
    {
        var ct = TestContext.Current.CancellationToken;
        var built = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Refinery pump overhaul"))
            .Build();
        using var factory = new GtWebFactory(built.Root);
        using var client = factory.CreateClient();
        var resume = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/changes", UriKind.Relative), ct))!["resume"]!.GetValue<string>();
        var created = new HashSet<string>(StringComparer.Ordinal);
        await using (var town = Town.Open(built.Root))
        {
            for (var i = 0; i < 103; i++)
            {
                created.Add((await town.Writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = $"Valve check {i}" }, "gastown/crew/alice", ct)).WorkUnit.Id);
            }
        }

        var first = await client.GetStringAsync(new Uri("/changes?since=" + Uri.EscapeDataString(resume), UriKind.Relative), ct);
        var older = Link().Match(first);
        older.Success.ShouldBeTrue(first);
        first.IndexOf("id=\"older-link\"", StringComparison.Ordinal).ShouldBeLessThan(first.IndexOf("id=\"since-link\"", StringComparison.Ordinal));
        var keep = SinceLink().Match(first).Groups["href"].Value;

        var second = await client.GetStringAsync(new Uri(WebUtility.HtmlDecode(older.Groups["href"].Value), UriKind.Relative), ct);
        Link().Match(second).Success.ShouldBeFalse("the older page holds the rest");
        SinceLink().Match(second).Groups["href"].Value.ShouldBe(keep);
        var seen = Rows().Matches(first).Concat(Rows().Matches(second)).Select(m => m.Groups["id"].Value).ToList();
        seen.Count.ShouldBe(103);
        seen.ToHashSet(StringComparer.Ordinal).SetEquals(created).ShouldBeTrue();
    }

    [GeneratedRegex("<a id=\"older-link\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex Link();

    [GeneratedRegex("<a id=\"since-link\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex SinceLink();

    [GeneratedRegex("<tr data-uri=\"[^\"]*/gastown/(?<id>[^\"]+)\"")]
    private static partial Regex Rows();

    public void Dispose() => _temp.Dispose();
}
