using GasTown.Federation.GitTransport;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// Another process changes the registry between a query's refresh and its read: the index's chains are no longer the
/// ones a load would walk, so the reader declines.
/// </summary>
public sealed class IndexedRegistryRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_remote_added_after_the_refresh_makes_the_reader_decline()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await town.Index.RefreshAsync(cancellationToken: Ct);
        var provider = (GitChainProvider)town.Services.GetRequiredService<IChainProvider>();
        using (var before = IndexQueryReader.TryOpen(town.Index, provider, cancellationToken: Ct))
        {
            before.ShouldNotBeNull();
        }

        // Registered after the refresh (as another process would): the index does not know bob's chain yet.
        await using (var other = federation.OpenObserver())
        {
            other.Remotes.Add("bob", federation.AliceGitUrl, GtUri.Parse("gt://bob@example.com/bob-town"));
        }

        using (var stale = new IndexQueryReader(town.Index, provider, cancellationToken: Ct))
        {
            stale.KnownChains.ShouldNotContain(GtUri.Parse("gt://bob@example.com/bob-town"));
        }

        IndexQueryReader.TryOpen(town.Index, provider, cancellationToken: Ct).ShouldBeNull();

        // The next query refreshes first and answers from the index again, bob never fetched.
        using var sources = new QuerySources();
        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        ShowAssert.Same(ready, await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct));
        sources.Take().ShouldBe(["index", "chains"]);
        federation.AssertIndexNeverFailed();
    }
}
