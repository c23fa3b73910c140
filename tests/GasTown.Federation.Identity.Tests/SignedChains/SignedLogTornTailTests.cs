using GasTown.Federation.GitTransport;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Identity.Tests.SignedChains;

/// <summary>
/// A signed event log is read line by line (each line judged on its own signature); its unterminated last line that is no
/// event is a writer still appending, as the one-pass read and the index take it: the loaded audit counted it as a
/// dropped line, where the indexed audit of the same log did not. (Found by a review; the test is its.)
/// </summary>
public sealed class SignedLogTornTailTests : IDisposable
{
    private readonly AcmeAndBob _world = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_torn_tail_of_a_signed_local_log_is_no_dropped_line_loaded_or_indexed()
    {
        await using (var acme = Hosting.Town.Open(_world.Acme.Root, b => b.AddProvenance(o => o.Actor = "mayor").AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey)))
        {
            using var payload = System.Text.Json.JsonDocument.Parse("""{"bead":"en-1"}""");
            await acme.Events.AppendAsync("done", payload.RootElement.Clone(), EventVisibility.Feed, Ct);
        }

        var events = _world.Acme.PathOf(".events.jsonl");
        File.ReadAllText(events).ShouldContain("gt_sig");
        await File.AppendAllTextAsync(events, "{\"ts\":\"2026-01-02", Ct); // a writer still appending

        await using var local = Hosting.Town.Open(_world.Acme.Root, b => b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey));
        var indexed = await local.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var loaded = await local.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        indexed.Chains.Single(c => c.Chain.ToString() == AcmeAndBob.AcmeChain).DroppedLines.ShouldBe(0);
        loaded.Chains.Single(c => c.Chain.ToString() == AcmeAndBob.AcmeChain).DroppedLines.ShouldBe(0);
    }

    [Fact]
    public async Task A_line_that_is_no_event_in_a_signed_local_log_is_counted_from_the_index_as_by_a_load_without_naming_it()
    {
        // Judged line by line, the load counts such a line but names none (each line is read alone); the index keeps the
        // count and the first line's diagnostic, and must say what the load says: the same count, no line named.
        await using (var acme = Hosting.Town.Open(_world.Acme.Root, b => b.AddProvenance(o => o.Actor = "mayor").AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey)))
        {
            using var payload = System.Text.Json.JsonDocument.Parse("""{"bead":"en-1"}""");
            await acme.Events.AppendAsync("done", payload.RootElement.Clone(), EventVisibility.Feed, Ct);
            await File.AppendAllTextAsync(_world.Acme.PathOf(".events.jsonl"), "not json\n", Ct);
            await acme.Events.AppendAsync("done", payload.RootElement.Clone(), EventVisibility.Feed, Ct);
        }

        await using var local = Hosting.Town.Open(_world.Acme.Root, b => b.AddGitTransport(o => o.SigningKeyPath = _world.AcmeKey));
        var indexed = await local.Queries.AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var loaded = await local.Queries.WithoutIndex().AuditAsync(ActorPattern.Any, cancellationToken: Ct);
        var fromIndex = indexed.Chains.Single(c => c.Chain.ToString() == AcmeAndBob.AcmeChain);
        var fromLoad = loaded.Chains.Single(c => c.Chain.ToString() == AcmeAndBob.AcmeChain);
        (fromIndex.DroppedLines, fromLoad.DroppedLines).ShouldBe((1, 1));
        fromIndex.Notes.ShouldBe(fromLoad.Notes);
        fromIndex.Notes.ShouldContain(n => n.EndsWith("holds 1 line(s) that are no events, left out of this audit.", StringComparison.Ordinal));
        indexed.Entries.Where(e => e.Source == Query.AuditSources.Events).Select(e => e.Signature).ShouldBe(loaded.Entries.Where(e => e.Source == Query.AuditSources.Events).Select(e => e.Signature));
    }

    [Fact]
    public async Task A_complete_bad_line_before_a_lone_cr_is_counted_alike_loaded_and_indexed()
    {
        // The load's signed path dropped the empty last segment and took the complete line before it for a torn tail,
        // where the index counts it. (Found by a review; the test is its.)
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
