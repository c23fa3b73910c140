using System.Net;
using System.Text.RegularExpressions;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A unit's page says what that unit delegated, and only that: the demo's pl-100.1 delegates its backend to alice's
/// gt-xyz (which delegates on to carol), while its project pl-100 delegated nothing itself.
/// </summary>
[Collection(DemoTownsCollection.Name)]
public sealed partial class UnitDelegationsPageTests(DemoTowns towns)
{
    [Fact]
    public async Task A_unit_s_page_shows_the_portions_it_delegated_and_not_those_of_the_units_under_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient();

        var delegating = await PageAsync(client, DemoTowns.Project + ".1", ct);
        var project = await PageAsync(client, DemoTowns.Project, ct);

        Children().Matches(delegating).Select(m => WebUtility.HtmlDecode(m.Groups["uri"].Value))
            .ShouldBe(["gt://alice@example.com/town/gastown/gt-xyz"]);
        delegating.ShouldContain("(backend)");
        Children().Matches(project).ShouldBeEmpty();
        project.ShouldContain("This unit delegated nothing.");
    }

    private async Task<string> PageAsync(HttpClient client, string unit, CancellationToken ct)
    {
        using var response = await client.GetAsync(towns.Server.Url("/unit?ref=" + Uri.EscapeDataString(unit)), ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 2000 ? html[..2000] : html);
        return html;
    }

    [GeneratedRegex("data-testid=\"delegated-child\" data-uri=\"(?<uri>[^\"]+)\"")]
    private static partial Regex Children();
}
