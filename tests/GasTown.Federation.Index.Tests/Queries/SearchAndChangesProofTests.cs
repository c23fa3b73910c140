using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// A search page's and the change feed's chains say how far each remote's identity is proven, as a query answered from
/// the index says it (one rule: <c>IndexQueryReader</c>'s). <see cref="IndexedChain.ToChainState"/> gave no proof, so
/// an unsigned remote read as plainly verified there and named only in a list of the same chain.
/// </summary>
public sealed class SearchAndChangesProofTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_search_page_and_the_change_feed_give_each_chain_the_proof_a_query_gives_it()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();

        // Alice's publishes are unsigned: a name only. The town's own chain has no proof to give.
        var queried = (await town.Queries.GetReadyWorkAsync(Ct)).Chains;
        queried.Single(c => c.Chain.ToString() == IndexedFederation.AliceChain).Proof.ShouldBe(IdentityProof.NameOnly);
        queried.Single(c => c.Chain.ToString() == IndexedFederation.ObserverChain).Proof.ShouldBeNull();

        var searched = await town.Index.SearchAsync("ship", new IndexQuery(), Ct);
        var fed = await town.Index.GetChangesAsync(null, 5, Ct);
        foreach (var (what, chains, document) in new[]
        {
            ("search", searched.Chains, IndexDocuments.Page("search", searched)),
            ("changes", fed.Chains, IndexDocuments.Changes(fed)),
        })
        {
            chains.Select(c => (c.Uri, c.ToChainState().Proof)).ShouldBe(
                queried.Select(c => (c.Chain, c.Proof)).Where(c => chains.Any(i => i.Uri == c.Chain)), ignoreOrder: true, what);
            chains.Single(c => c.Uri.ToString() == IndexedFederation.AliceChain).ToChainState().Proof.ShouldBe(IdentityProof.NameOnly, what);
            var json = document["chains"]!.AsArray().Single(c => c!["chain"]!.GetValue<string>() == IndexedFederation.AliceChain)!;
            (json["trust"]!.GetValue<string>(), json["proof"]?.GetValue<string>()).ShouldBe(("Verified", "NameOnly"), what);
        }
    }
}
