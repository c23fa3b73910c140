using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.TestSupport;

namespace GtWeb.Tests.Pages;

/// <summary>
/// A remote whose newest snapshot is refused answers from its last verified one: the search page says so under the
/// results, naming the remote and both commits, as gtfed's search says it.
/// </summary>
public sealed class OlderSnapshotPageTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtweb-older");

    [Fact]
    public async Task Search_over_a_remote_whose_newest_snapshot_is_refused_says_an_older_snapshot_answered()
    {
        var ct = TestContext.Current.CancellationToken;
        var (observer, alice) = await FollowedRemote.CreateAsync(_temp, rig => rig.WithIssue("gt-1", "Refinery pump overhaul"), ct);
        var aliceRepository = FederationRepository.DefaultPathFor(alice.Root);
        await using (var bob = Town.Open(observer))
        {
            // Her next snapshot's town.json is not UTF-8: it proves no identity, and the fetch refuses it.
            var work = _temp.Combine("alice-work");
            GitCli.Run(_temp.Path, "clone", "-q", "-b", FederationRepository.PublishedBranch, aliceRepository, work);
            var townJson = Path.Combine(work, "mayor", "town.json");
            var bytes = File.ReadAllBytes(townJson);
            File.WriteAllBytes(townJson, [.. bytes[..^1], 0xFF, 0xFE, .. bytes[^1..]]);
            GitCli.Run(work, "add", "-A");
            GitCli.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "broken");
            GitCli.Run(work, "push", "-q", "origin", "HEAD:" + FederationRepository.PublishedBranch);
            (await Should.ThrowAsync<RemoteFetchException>(() => bob.FetchAsync("alice", cancellationToken: ct))).Kind.ShouldBe(FetchFailureKind.SnapshotRefused);
        }

        using var factory = new GtWebFactory(observer);
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(new Uri("/search?q=refinery", UriKind.Relative), ct);

        html.ShouldContain("gt://alice@example.com/town/gastown/gt-1");
        html.ShouldContain("data-testid=\"older-snapshot\"");
        html.ShouldContain("Answered from an older snapshot of remote &#x27;alice&#x27;");
        html.ShouldContain("was refused");
    }

    public void Dispose() => _temp.Dispose();
}
