using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GasTown.Federation.Index.Tests.Federations;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// <see cref="ChainLimits.MaxDependencies"/> is one of the limits an index's refusal records: a host allowing more edges
/// than the host that refused a chain indexes it again and answers, as for every other limit; and the index keeps each
/// chain's edge count, so a stricter host over that index loads (and refuses) the chain instead of answering its rows.
/// </summary>
public sealed class DependencyLimitIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chain_refused_for_its_edges_answers_for_a_host_allowing_more_and_not_for_a_stricter_one()
    {
        using var federation = new IndexedFederation(alice: b => b.WithRig("tools", "tl-", r => r
            .WithIssue("tl-1", "A tool")
            .WithIssue("tl-2", "Needs the tool", i => i.DependsOn("tl-1"))
            .WithIssue("tl-3", "Needs it too", i => i.DependsOn("tl-1"))))
        {
            AliceRigs = ["gastown", "tools"],
        };
        await federation.ConnectAsync(Ct);
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 1)))
        {
            var alice = (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
            alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
            alice.Message!.ShouldContain("ChainLimits.MaxDependencies");
        }

        await using (var roomier = federation.OpenObserver())
        {
            (await roomier.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice").IsAvailable.ShouldBeTrue();
            (await roomier.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.ShouldContain(u => u.Uri.ToString().EndsWith("/tools/tl-3", StringComparison.Ordinal));
        }

        // The stricter host again, over the index the roomier one wrote (her edges counted in it): its query loads her chain
        // and refuses it, as its own load does, instead of answering the index's rows.
        using var sources = new QuerySources();
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxDependencies = 1)))
        {
            (await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            sources.Take().ShouldBe(["chains"]);
        }

        federation.AssertIndexNeverFailed();
    }
}
