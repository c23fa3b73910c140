using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A town the web server's account may read but not write (here: its index's write lock cannot be taken): the search
/// and changes pages answer from the index as it was last written and say why it may be stale, as gtfed says it.
/// </summary>
public sealed class StaleIndexPageTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-stale");

    [Fact]
    public async Task Search_and_changes_over_an_index_that_cannot_be_written_answer_from_it_and_say_it_may_be_stale()
    {
        var ct = TestContext.Current.CancellationToken;
        var built = TownBuilder.At(_temp.Combine("town")).Named("town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", rig => rig.WithIssue("gt-1", "Refinery pump overhaul"))
            .Build();
        using var factory = new GtWebFactory(built.Root);
        using var client = factory.CreateClient();
        (await client.GetStringAsync(new Uri("/search?q=refinery", UriKind.Relative), ct)).ShouldNotContain("data-testid=\"stale-index\"");

        // New work the index has not seen, and a folder where its lock file should be (no user, root included, takes it).
        string created;
        await using (var town = Town.Open(built.Root))
        {
            created = (await town.Writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Refinery valve check" }, "gastown/crew/alice", ct)).WorkUnit.Id;
        }

        var lockPath = Path.Combine(built.Root, "federation", "index.lock");
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);

        var search = await client.GetStringAsync(new Uri("/search?q=refinery", UriKind.Relative), ct);
        search.ShouldContain("gt://alice@example.com/town/gastown/gt-1");
        search.ShouldNotContain("Refinery valve check");
        search.ShouldContain("data-testid=\"stale-index\"");
        search.ShouldContain($"The index&#x27;s write lock {lockPath} cannot be taken by this process");

        var changes = await client.GetStringAsync(new Uri("/changes", UriKind.Relative), ct);
        changes.ShouldContain("data-testid=\"changes-stale\"");
        changes.ShouldContain("may miss what changed since");
        changes.ShouldNotContain("role=\"alert\"");
        changes.ShouldNotContain($"/gastown/{created}\"", Case.Sensitive, "the index has not seen the new unit");

        Directory.Delete(lockPath);
        var current = await client.GetStringAsync(new Uri("/search?q=refinery", UriKind.Relative), ct);
        current.ShouldContain("Refinery valve check");
        current.ShouldNotContain("data-testid=\"stale-index\"");
        var currentChanges = await client.GetStringAsync(new Uri("/changes", UriKind.Relative), ct);
        currentChanges.ShouldContain($"/gastown/{created}\"", Case.Sensitive, "brought up to date, the feed has its creation");
        currentChanges.ShouldNotContain("data-testid=\"changes-stale\"");
    }

    public void Dispose() => _temp.Dispose();
}
