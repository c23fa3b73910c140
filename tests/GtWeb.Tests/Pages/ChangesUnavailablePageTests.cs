using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GasTown.Federation;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A remote the index cannot read (registered, never fetched) adds no changes to the feed: the changes page and
/// <c>/api/changes</c> say which chain and why, as search does, beside the other chains' changes. Before, they said
/// nothing of it, so "what changed since I last looked" read as complete.
/// </summary>
public sealed partial class ChangesUnavailablePageTests : IDisposable
{
    private const string Ghost = "gt://ghost.example/chain";

    private readonly TempDirectory _temp = new("gtweb-changes-unavailable");

    [Fact]
    public async Task The_changes_page_and_its_api_say_which_chain_could_not_be_read_and_why_beside_the_other_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        var built = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Refinery pump overhaul"))
            .Build();
        var ghost = _temp.Combine("ghost.git");
        Directory.CreateDirectory(ghost);
        GitCli.Run(ghost, "init", "-q", "--bare");
        await using (var town = Town.Open(built.Root))
        {
            town.Remotes.Add("ghost", ghost, GtUri.Parse(Ghost));
        }

        using var factory = new GtWebFactory(built.Root);
        using var client = factory.CreateClient();
        var resume = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/changes", UriKind.Relative), ct))!["resume"]!.GetValue<string>();
        string created;
        await using (var town = Town.Open(built.Root))
        {
            created = (await town.Writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Refinery valve check" }, "gastown/crew/alice", ct)).WorkUnit.Id;
        }

        var since = "since=" + Uri.EscapeDataString(resume);
        var html = await client.GetStringAsync(new Uri("/changes?" + since, UriKind.Relative), ct);
        html.ShouldContain($"/gastown/{created}\"", Case.Sensitive, "the town's own change is still in the feed");
        var said = Unavailable().Matches(html).ShouldHaveSingleItem();
        said.Groups["chain"].Value.ShouldBe(Ghost);
        WebUtility.HtmlDecode(said.Groups["text"].Value).ShouldBe($"{Ghost} is unavailable (NeverFetched): Remote 'ghost' ({Ghost}) was never fetched; fetch it first.");

        var api = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/changes?" + since, UriKind.Relative), ct))!;
        api["items"]!.AsArray().ShouldHaveSingleItem()!["title"]!.GetValue<string>().ShouldBe("Refinery valve check");
        var unavailable = api["unavailable"]!.AsArray().ShouldHaveSingleItem()!;
        unavailable["chain"]!.GetValue<string>().ShouldBe(Ghost);
        unavailable["reason"]!.GetValue<string>().ShouldBe("NeverFetched");
        unavailable["message"]!.GetValue<string>().ShouldContain("never fetched");

        // The search page says it in the same words (one partial for both).
        var search = await client.GetStringAsync(new Uri("/search?q=refinery", UriKind.Relative), ct);
        Unavailable().Matches(search).ShouldHaveSingleItem().Value.ShouldBe(said.Value);
    }

    [GeneratedRegex("<p class=\"unreachable\" data-testid=\"unavailable-chain\" data-chain=\"(?<chain>[^\"]+)\">(?<text>[^<]*)</p>")]
    private static partial Regex Unavailable();

    public void Dispose() => _temp.Dispose();
}
