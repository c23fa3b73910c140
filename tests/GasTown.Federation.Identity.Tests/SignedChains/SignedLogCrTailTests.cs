using GasTown.Federation.GitTransport;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.SignedChains;

/// <summary>
/// A signed local log whose last complete line is no event, followed by a lone CR (no line feed after it): the load's
/// signed path dropped the empty last segment and took that complete line for a torn tail, where the index (schema 26)
/// counts it. Both now count it. (Found by a review; the test is its.)
/// </summary>
public sealed class SignedLogCrTailTests : IDisposable
{
    private readonly AcmeAndBob _world = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_complete_bad_line_before_a_lone_cr_is_counted_alike_loaded_and_indexed()
    {
        await using (var acme = Hosting.Town.Open(_world.Acme.Root, b => b.AddProvenance(o => o.Actor = "mayor").AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey)))
        {
            using var payload = System.Text.Json.JsonDocument.Parse("""{"bead":"en-1"}""");
            await acme.Events.AppendAsync("done", payload.RootElement.Clone(), EventVisibility.Feed, Ct);
        }

        var events = _world.Acme.PathOf(".events.jsonl");
        await File.AppendAllTextAsync(events, "bad\n\r", Ct);

        await using var local = Hosting.Town.Open(_world.Acme.Root, b => b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey));
        var indexed = await local.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var loaded = await local.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var fromIndex = indexed.Chains.Single(c => c.Chain.ToString() == AcmeAndBob.AcmeChain).DroppedLines;
        var fromLoad = loaded.Chains.Single(c => c.Chain.ToString() == AcmeAndBob.AcmeChain).DroppedLines;
        fromIndex.ShouldBe(fromLoad);
    }

    public void Dispose() => _world.Dispose();
}
