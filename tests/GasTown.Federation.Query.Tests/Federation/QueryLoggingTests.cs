using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GasTown.Federation.Query.Tests.Federation;

/// <summary>Log events are asserted by their stable EventIds, not by message text.</summary>
public sealed class QueryLoggingTests : IDisposable
{
    private readonly AcmeFederation federation = new();

    [Fact]
    public async Task Unavailable_chains_chain_limits_and_cut_walks_are_logged_with_stable_event_ids()
    {
        var logger = new FakeLogger<FederationQueries>();
        var queries = new FederationQueries(federation.Provider(), new QueryOptions { MaxChains = 3, MaxDepth = 2 }, logger: logger);

        await queries.ListByProjectAsync("proj-1", includeDelegated: true, cancellationToken: TestContext.Current.CancellationToken);

        var records = logger.Collector.GetSnapshot();
        records.Select(r => r.Id.Id).ShouldContain(Log.IdQueryStarted);
        records.Where(r => r.Id.Id == Log.IdChainLoaded).Select(r => r.Level).Distinct().ShouldBe([LogLevel.Debug]);
        records.Count(r => r.Id.Id == Log.IdChainLoaded).ShouldBe(3);
        records.Count(r => r.Id.Id == Log.IdChainLimitReached).ShouldBeGreaterThan(0);
        records.Single(r => r.Id.Id == Log.IdWalkCut).Level.ShouldBe(LogLevel.Warning);
        records.ShouldAllBe(r => r.Id.Name != null);
    }

    [Fact]
    public async Task An_unregistered_chain_is_logged_as_unavailable()
    {
        var logger = new FakeLogger<FederationQueries>();
        var queries = new FederationQueries(federation.Provider(), logger: logger);

        await queries.ShowAsync("proj-3", TestContext.Current.CancellationToken);

        var unavailable = logger.Collector.GetSnapshot().Single(r => r.Id.Id == Log.IdChainUnavailable);
        unavailable.Level.ShouldBe(LogLevel.Warning);
        unavailable.Message.ShouldContain(AcmeFederation.Ghost);
    }

    public void Dispose() => federation.Dispose();
}
