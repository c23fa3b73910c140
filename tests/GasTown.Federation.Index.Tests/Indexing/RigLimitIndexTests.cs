using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GasTown.Federation.Index.Tests.Federations;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// <see cref="ChainLimits.MaxRigs"/> in the index: a chain whose routes file holds more lines is refused by the indexer as a
/// load refuses it, and a host with a smaller limit than the one that wrote the index loads (and refuses) it.
/// </summary>
public sealed class RigLimitIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_remote_with_more_rigs_than_the_limit_is_unavailable_and_the_others_answer()
    {
        // Alice publishes two rigs; a host allowing one refuses her chain before reading an issues file, from the index as
        // from a load, and still answers for its own town.
        using var federation = new IndexedFederation(alice: b => b.WithRig("tools", "tl-", r => r.WithIssue("tl-1", "A tool")))
        {
            AliceRigs = ["gastown", "tools"],
        };
        await federation.ConnectAsync(Ct);
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxRigs = 1)))
        {
            var alice = (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
            alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
            alice.Message!.ShouldContain("ChainLimits.MaxRigs");
            alice.Message!.ShouldContain(".beads/routes.jsonl");
            var indexed = await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
            var loaded = await strict.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
            indexed.Items.ShouldBeEmpty();
            indexed.Unreachable.ShouldBe(loaded.Unreachable);
            indexed.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            (await strict.Index.ListAsync(new IndexQuery { Remote = IndexedFederation.ObserverChain }, Ct)).Items.ShouldNotBeEmpty();
        }

        // Within the default limits her chain is indexed again and answers, both rigs.
        await using (var roomier = federation.OpenObserver())
        {
            (await roomier.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();
            (await roomier.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.ShouldContain(u => u.Uri.ToString().EndsWith("/tools/tl-1", StringComparison.Ordinal));
        }

        // The stricter host, over the index the roomier one wrote (her routes counted in it): its query loads her chain and
        // refuses it, as its own load does, instead of answering the index's rows.
        using var sources = new QuerySources();
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxRigs = 1)))
        {
            (await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            sources.Take().ShouldBe(["chains"]);
        }

        federation.AssertIndexNeverFailed();
    }
}
