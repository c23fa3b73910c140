using System.Net;
using System.Text.RegularExpressions;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A town whose town.json gives it no gt:// chain (here its "name" is <c>../x</c>): the SDK knows no local chain, so the
/// town's own work is left out of every answer. Every page says so, which field is wrong and how to mend it, as text, as
/// gtfed says it on standard error for every query; before, the pages answered without that work, looking whole.
/// </summary>
public sealed partial class OwnChainLeftOutPageTests : IDisposable
{
    private static readonly string[] Pages =
    [
        "/",
        "/ready",
        "/search?q=refinery",
        "/changes",
        "/audit?actor=*",
        "/org?entity=acme.com",
        "/unit?ref=gt-1",
    ];

    private readonly TempDirectory _temp = new("gtweb-no-chain");

    [Fact]
    public async Task Every_page_of_a_town_without_a_chain_says_its_own_work_is_left_out_and_which_field_is_wrong()
    {
        var ct = TestContext.Current.CancellationToken;
        var built = TownBuilder.At(_temp.Combine("town")).Named("../x").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Refinery pump overhaul"))
            .Build();
        using var server = new GtWebServer(built.Root);
        using var client = new HttpClient();

        foreach (var page in Pages)
        {
            using var response = await client.GetAsync(server.Url(page), ct);
            var html = await response.Content.ReadAsStringAsync(ct);
            var notices = Notice().Matches(html);
            notices.Count.ShouldBe(1, $"{page}:\n{html}");
            var said = WebUtility.HtmlDecode(notices[0].Groups["text"].Value);
            said.ShouldStartWith("This town's own work is left out of every answer.", customMessage: page);
            said.ShouldContain($"The town at {built.Root} has no gt:// chain: its \"name\" ('../x') is not a chain name", customMessage: page);
            said.ShouldContain("in its mayor/town.json. Set \"owner\" there to an email", customMessage: page);
            // The town's text goes through the pages' encoder: its quotes are encoded, never raw markup.
            notices[0].Groups["text"].Value.ShouldNotContain("\"");
        }
    }

    [Fact]
    public async Task A_town_with_a_chain_has_no_such_notice()
    {
        var ct = TestContext.Current.CancellationToken;
        var built = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Refinery pump overhaul"))
            .Build();
        using var factory = new GtWebFactory(built.Root);
        using var client = factory.CreateClient();

        foreach (var page in Pages)
        {
            using var response = await client.GetAsync(new Uri(page, UriKind.Relative), ct);
            (await response.Content.ReadAsStringAsync(ct)).ShouldNotContain("own-chain-left-out", customMessage: page);
        }
    }

    [GeneratedRegex("<p class=\"unreachable\" role=\"status\" data-testid=\"own-chain-left-out\">(?<text>[^<]*)</p>")]
    private static partial Regex Notice();

    public void Dispose() => _temp.Dispose();
}
