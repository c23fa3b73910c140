using GasTown.Federation.GitTransport;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.SignedChains;

/// <summary>
/// Review: a signed local log whose last complete line is no event, followed by a lone CR (no line feed after it). The
/// index (schema 26) counts the complete line; the load's signed path drops the empty last segment and takes "bad" for a
/// torn tail. Under schema 25 both paths were the load's, so this divergence is new.
/// </summary>
public sealed class ReviewSignedLogCrTailTests : IDisposable
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
