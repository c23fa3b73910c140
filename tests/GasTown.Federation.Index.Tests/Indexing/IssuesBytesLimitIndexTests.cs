using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using GasTown.Federation.Index.Tests.Federations;
using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Index.Tests.Indexing;

/// <summary>
/// <see cref="ChainLimits.MaxIssuesBytes"/> in the index: a chain whose issues files together are larger is refused by the
/// indexer (from the blobs' sizes, before any is read) as a load refuses it, and a host with a smaller limit than the one
/// that wrote the index loads (and refuses) it.
/// </summary>
public sealed class IssuesBytesLimitIndexTests
{
    private const long Limit = 10_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_remote_whose_issues_files_pass_the_total_is_unavailable_and_the_others_answer()
    {
        // Alice publishes a second rig with one 20,000-character title (every line and file within its own limits); a host
        // allowing 10,000 bytes of issues a chain refuses her chain, from the index as from a load, and still answers for
        // its own town.
        using var federation = new IndexedFederation(alice: b => b.WithRig("tools", "tl-", r => r.WithIssue("tl-1", new string('t', 20_000))))
        {
            AliceRigs = ["gastown", "tools"],
        };
        await federation.ConnectAsync(Ct);
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxIssuesBytes = Limit)))
        {
            var chains = await strict.Index.GetChainsAsync(Ct);
            var alice = chains.Single(c => c.RemoteName == "alice");
            alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
            alice.Message!.ShouldContain("ChainLimits.MaxIssuesBytes");
            alice.Message!.ShouldContain("the chain was not read. If the data is genuine, the host can raise the limit.");
            chains.Where(c => c.RemoteName != "alice").ShouldAllBe(c => c.IsAvailable);
            var indexed = await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
            var loaded = await strict.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
            indexed.Items.ShouldBeEmpty();
            indexed.Unreachable.ShouldBe(loaded.Unreachable);
            indexed.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
            (await strict.Index.ListAsync(new IndexQuery { Remote = IndexedFederation.ObserverChain }, Ct)).Items.ShouldNotBeEmpty();
        }

        // Within the default limits her chain is indexed again and answers, both rigs; its bytes are her issues files' total.
        long bytes;
        await using (var roomier = federation.OpenObserver())
        {
            var alice = (await roomier.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
            alice.IsAvailable.ShouldBeTrue();
            bytes = alice.Bytes;
            bytes.ShouldBeGreaterThan(20_000);
            (await roomier.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Items.ShouldContain(u => u.Uri.ToString().EndsWith("/tools/tl-1", StringComparison.Ordinal));
        }

        // The stricter host, over the index the roomier one wrote: its query loads her chain and refuses it, as its own load
        // does, instead of answering the index's rows. Just under her total, the load counts exactly the bytes the index kept.
        using var sources = new QuerySources();
        await using (var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxIssuesBytes = bytes - 1)))
        {
            var unreachable = (await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct)).Unreachable.ShouldHaveSingleItem();
            unreachable.Reason.ShouldBe(UnreachableReason.LimitExceeded);
            sources.Take().ShouldBe(["chains"]);
            unreachable.Message!.ShouldContain($"hold {bytes:N0} bytes or more");
        }

        federation.AssertIndexNeverFailed();
    }

    [Fact]
    public async Task Files_each_within_the_total_that_pass_it_together_are_refused_in_a_load_s_words()
    {
        // Two rigs of 6,000-character titles: each file within 10,000 bytes, both together over. The indexer totals the
        // blobs' sizes before reading any (its loader is handed them empty), and says what a load of the files says.
        using var federation = new IndexedFederation(alice: b => b
            .WithRig("tools", "tl-", r => r.WithIssue("tl-1", new string('t', 6_000)))
            .WithRig("ops", "op-", r => r.WithIssue("op-1", new string('o', 6_000))))
        {
            AliceRigs = ["gastown", "tools", "ops"],
        };
        await federation.ConnectAsync(Ct);
        await using var strict = federation.OpenObserver(b => b.Services.Configure<ChainLimits>(l => l.MaxIssuesBytes = Limit));

        var alice = (await strict.Index.GetChainsAsync(Ct)).Single(c => c.RemoteName == "alice");
        alice.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        alice.Message!.ShouldContain("ChainLimits.MaxIssuesBytes");
        var indexed = await strict.Queries.ListByRemoteAsync("alice", cancellationToken: Ct);
        var loaded = await strict.Queries.WithoutIndex().ListByRemoteAsync("alice", cancellationToken: Ct);
        indexed.Items.ShouldBeEmpty();
        indexed.Unreachable.ShouldHaveSingleItem().Reason.ShouldBe(UnreachableReason.LimitExceeded);
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        (await strict.Index.ListAsync(new IndexQuery { Remote = IndexedFederation.ObserverChain }, Ct)).Items.ShouldNotBeEmpty();
        federation.AssertIndexNeverFailed();
    }
}
