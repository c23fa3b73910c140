using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A remote whose snapshot is unsigned, its owner only named by its town.json, is said as such on the town page and on
/// its work unit's page: both said "Verified" (or nothing), as of a chain signed by a key its owner publishes.
/// </summary>
public sealed class TrustTextPageTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-trust");

    [Fact]
    public async Task An_unsigned_remote_reads_as_name_only_on_the_town_page_and_its_unit_s_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var (observer, _) = await FollowedRemote.CreateAsync(_temp, rig => rig.WithIssue("gt-1", "Refinery pump overhaul"), ct);

        using var factory = new GtWebFactory(observer);
        using var client = factory.CreateClient();
        const string NameOnly = "Name only: unsigned, its town.json names the owner (anyone who can write to its URL could)";

        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative), ct);
        home.ShouldContain($"data-testid=\"trust\">{NameOnly}");
        var unit = await client.GetStringAsync(new Uri("/unit?ref=" + Uri.EscapeDataString("gt://alice@example.com/town/gastown/gt-1"), UriKind.Relative), ct);
        unit.ShouldContain($"data-testid=\"trust\">{NameOnly}</span>");
    }

    public void Dispose() => _temp.Dispose();
}
