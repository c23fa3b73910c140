using GasTown.Federation.Model;
using GasTown.Federation.Query.Tests.Federation;
using static GasTown.Federation.Query.Tests.Federation.AcmeFederation;

namespace GasTown.Federation.Query.Tests.Trust;

/// <summary>Issue 11, "trust state never reaches the user": what each result says about the chains behind it.</summary>
public sealed class ChainStateTests : IDisposable
{
    private readonly AcmeFederation federation = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chain_whose_load_throws_is_unreachable_with_the_reason_and_the_others_still_answer()
    {
        var provider = new AlteredChainProvider(federation.Provider(), GtUri.Parse(Carol), _ => throw new InvalidDataException("Cannot transcode invalid UTF-8"));

        var ready = await new FederationQueries(provider).GetReadyWorkAsync(Ct);
        var org = await new FederationQueries(provider).ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);

        var carol = ready.Unreachable.Single(u => u.Target == Carol);
        carol.Reason.ShouldBe(UnreachableReason.LoadFailed);
        carol.Message.ShouldContain("Cannot transcode invalid UTF-8");
        ready.Ready.Select(r => r.Id).ShouldContain("bb-2");
        ready.Chains.Single(c => c.Chain == GtUri.Parse(Carol)).Trust.ShouldBe(ChainTrust.Unavailable);
        org.Members.Select(m => m.Entity.Value).ShouldBe(["alice@example.com", "bob@example.com"]);
        org.Unreachable.Single().Reason.ShouldBe(UnreachableReason.LoadFailed);
    }

    [Fact]
    public async Task The_providers_note_on_a_chain_is_kept_in_the_result()
    {
        const string note = "answered from the snapshot of 2026-01-01: the newest one claimed another owner and was refused";
        var provider = new AlteredChainProvider(federation.Provider(), GtUri.Parse(Alice),
            result => ChainResult.Available(result.Chain!, DateTimeOffset.UtcNow.AddDays(-3), note));

        var result = await new FederationQueries(provider, new QueryOptions { StaleAfter = TimeSpan.FromDays(1) }).ListByRemoteAsync("alice", cancellationToken: Ct);

        var alice = result.Chains.ShouldHaveSingleItem();
        alice.Notes.ShouldContain(note);
        alice.IsStale.ShouldBeTrue();
        alice.Trust.ShouldBe(ChainTrust.Verified);
        alice.DataAsOf.ShouldNotBeNull();
    }

    [Fact]
    public async Task Lines_that_could_not_be_read_are_counted_per_chain()
    {
        using var temp = new GasTown.Federation.TestSupport.TempDirectory("gtfed-dropped");
        var town = GasTown.Federation.TestSupport.TownBuilder.At(temp.Path).Named("town").OwnedBy("dora@example.com")
            .WithRig("work", "wk-", r => r
                .WithIssue("wk-1", "Fine")
                .WithIssueLine("{\"id\":\"wk-2\",\"title\":")
                .WithIssueLine("not json at all")
                .WithIssue("wk-3", "Fine too"))
            .Build();
        var uri = GtUri.Parse("gt://dora@example.com/town");
        var queries = new FederationQueries(new FolderChainProvider(new ChainLoader(), uri).Add(uri, town.Root));

        var result = await queries.ListByRemoteAsync(uri.ToString(), cancellationToken: Ct);

        result.Items.Select(i => i.Id).ShouldBe(["wk-1", "wk-3"]);
        var state = result.Chains.ShouldHaveSingleItem();
        state.DroppedLines.ShouldBe(2);
        state.Notes.Count(n => n.Contains(".beads/issues.jsonl:", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task A_ten_thousand_deep_delegation_chain_says_which_bound_cut_it()
    {
        using var temp = new GasTown.Federation.TestSupport.TempDirectory("gtfed-deep");
        const string chain = "gt://deep@example.com/town";
        var builder = GasTown.Federation.TestSupport.TownBuilder.At(temp.Path).Named("town").OwnedBy("deep@example.com");
        builder.WithRig("work", "dp-", r =>
        {
            for (var i = 0; i <= 10_000; i++)
            {
                r.WithIssue($"dp-{i}", $"Level {i}");
            }
        });
        for (var i = 0; i < 10_000; i++)
        {
            builder.WithDelegation($"{chain}/work/dp-{i}", $"{chain}/work/dp-{i + 1}");
        }

        var town = builder.Build();
        var uri = GtUri.Parse(chain);
        var queries = new FederationQueries(new FolderChainProvider(new ChainLoader(), uri).Add(uri, town.Root));

        var result = await queries.ListByProjectAsync("dp-0", includeDelegated: true, cancellationToken: Ct);

        result.Items.Count.ShouldBe(65);
        result.Stop.ShouldBe(FederationWalkStop.DepthLimit);
        var cut = result.Truncations.ShouldHaveSingleItem();
        cut.Bound.ShouldBe(TruncationBound.Depth);
        cut.Limit.ShouldBe(64);
        // Read by whoever reads the answer (GtWeb shows it as it is): the host's limit, not the option a reader cannot set.
        cut.Message.ShouldBe("The walk from gt://deep@example.com/town/work/dp-0 stopped at depth 64, the deepest this host walks, after 65 work units; deeper work units were reachable and are left out.");
    }

    [Fact]
    public async Task The_chain_limit_is_reported_as_a_truncation()
    {
        var result = await federation.Queries(new QueryOptions { MaxChains = 2 }).GetReadyWorkAsync(Ct);

        var cut = result.Truncations.ShouldHaveSingleItem();
        (cut.Bound, cut.Limit, cut.Reached).ShouldBe((TruncationBound.Chains, 2, 2));
        cut.Message.ShouldBe("The query loaded 2 chains, the most this host reads for one answer, and left the others unread (each is listed as unreachable).");
        // bob and carol (known, not loaded) and ghost.org (a blocker's chain, never loaded).
        result.Chains.Count(c => c.Unreachable == UnreachableReason.ChainLimit).ShouldBe(3);
    }

    public void Dispose() => federation.Dispose();
}
