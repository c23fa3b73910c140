using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>The indexed audit of an event log whose lines end oddly says what a load says (found by a review).</summary>
public sealed class EventLogLineEndingTests
{
    private const string Joe = "gastown/crew/joe";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("\r\r\n")]          // a line of one CR before its CRLF: a load reads "\r", which is no event
    [InlineData(" \r\r\n")]
    [InlineData("x\r\r\n")]         // a load reads "x\r"
    [InlineData("not json\n")]
    public async Task A_log_line_ending_in_extra_carriage_returns_counts_as_a_load_counts_it(string odd)
    {
        using var federation = new IndexedFederation(
            observer: town => town.WithEvent("2026-01-01T08:00:00Z", "sling", Joe, """{"bead":"wb-1"}"""));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        var path = federation.Observer.PathOf(".events.jsonl");
        await File.AppendAllTextAsync(path, odd + """{"ts":"2026-01-01T09:00:00Z","source":"gt","type":"done","actor":"gastown/crew/joe","visibility":"feed"}""" + "\n", Ct);
        var joe = ActorPattern.Parse(Joe);

        var loaded = await town.Queries.WithoutIndex().AuditAsync(joe, cancellationToken: Ct);
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var indexed = await town.Queries.AuditAsync(joe, cancellationToken: Ct);

        var fromLoad = loaded.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain);
        var fromIndex = indexed.Chains.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain);
        fromIndex.DroppedLines.ShouldBe(fromLoad.DroppedLines, $"load notes: {string.Join(" | ", fromLoad.Notes)}");
        fromIndex.Notes.ShouldBe(fromLoad.Notes);
    }
}
