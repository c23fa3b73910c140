using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Identity.Tests.Support;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GasTown.Federation.Identity.Tests.SignedChains;

/// <summary>
/// A signed remote chain answered from the federation index: its tip's signature is checked once, when the chain is
/// indexed, and each query judges it against the keys kept at the time it asks, as a query that loads the chain does.
/// </summary>
public sealed class IndexedTrustTests : IDisposable
{
    private static readonly GtUri Acme = GtUri.Parse(AcmeAndBob.AcmeChain);
    private readonly AcmeAndBob _world = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task A_signed_chain_answers_from_the_index_with_its_proof_without_reading_its_commit()
    {
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        GtUri signed;
        await using (var bob = _world.OpenBob())
        {
            bob.Remotes.Add("acme", _world.AcmeGitUrl, Acme); // by URL: the first signed snapshot pins its key
            (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
            var list = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
            list.Chains.Single(c => c.Chain == Acme).Proof.ShouldBe(IdentityProof.PinnedKey);
            signed = list.Items.Single(i => i.Title == "Signed").Uri;
        }

        // Bob's town.json was written a moment ago, so its stamp is racy and every refresh would read the local town
        // again and resolve every remote's tip on the way (LocalStamp): made old, and the index brought up to date once.
        File.SetLastWriteTimeUtc(Path.Combine(_world.Bob.Root, TownMetadata.RelativePath), DateTime.UtcNow.AddHours(-1));
        await using (var settle = _world.OpenBob())
        {
            await settle.Index.RefreshAsync(cancellationToken: Ct);
        }

        // Every object of the federation repository gone, its refs, config and the index kept: a query that looked the tip
        // commit up to judge its signature (as every indexed query did) cannot answer; one judging the indexed check can.
        // (A town opened before would still read the deleted packs through its open handle: this one opens after.)
        var objects = Path.Combine(FederationRepository.DefaultPathFor(_world.Bob.Root), "objects");
        foreach (var folder in Directory.EnumerateDirectories(objects).Where(d => Path.GetFileName(d) is not "info"))
        {
            Directory.Delete(folder, recursive: true);
        }

        await using var fresh = _world.OpenBob();
        using var sources = new QuerySources();
        var shown = await fresh.Queries.ShowAsync(signed.ToString(), Ct);
        shown.WorkUnit.Title.ShouldBe("Signed");
        shown.Chains.Single(c => c.Chain == Acme).Proof.ShouldBe(IdentityProof.PinnedKey);
        sources.Take().ShouldBe(["index"]);
    }

    [Theory]
    [InlineData(KeySource.Pinned)]
    [InlineData(KeySource.Published)]
    public async Task Keys_changed_after_indexing_judge_the_indexed_chain_as_a_query_that_loads_it(KeySource source)
    {
        await _world.PublishAcmeAsync(_world.AcmeKey, "Signed", Ct);
        await using var bob = _world.OpenBob();
        bob.Remotes.Add("acme", _world.AcmeGitUrl, Acme);
        (await bob.FetchAsync("acme", cancellationToken: Ct)).Succeeded.ShouldBeTrue();
        (await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct)).Chains.Single(c => c.Chain == Acme).Proof.ShouldBe(IdentityProof.PinnedKey);

        // The kept key replaced after the chain was indexed (gtfed key pin, or a newly published key): the tip is no
        // longer signed by a key kept for acme.com.
        bob.Keys.Set(Acme.Entity, [AcmeAndBob.PublicKeyOf(_world.OtherKey)], source);
        using var sources = new QuerySources();
        var indexed = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
        await using var loading = Town.Open(_world.Bob.Root, b => b.Services.RemoveAll<IQueryIndex>());
        var loaded = await loading.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);

        Describe(indexed).ShouldBe(Describe(loaded));
        indexed.Chains.Single(c => c.Chain == Acme).Proof.ShouldNotBe(IdentityProof.PinnedKey);
        sources.Take().ShouldBe(["chains", "chains"]);

        // The first key kept again: the index answers, with the proof it had.
        bob.Keys.Set(Acme.Entity, [AcmeAndBob.PublicKeyOf(_world.AcmeKey)], source);
        var again = await bob.Queries.ListByRemoteAsync("acme", cancellationToken: Ct);
        again.Chains.Single(c => c.Chain == Acme).Proof.ShouldBe(source == KeySource.Published ? IdentityProof.PublishedKey : IdentityProof.PinnedKey);
        sources.Take().ShouldBe(["index"]);
    }

    private static string Describe(WorkListResult list) =>
        string.Join("\n", list.Items.Select(i => i.Uri.ToString()))
        + "\n--\n" + string.Join("\n", list.Unreachable.Select(u => $"{u.Target} {u.Reason} {u.Message}"))
        + "\n--\n" + string.Join("\n", list.Chains.Select(c => $"{c.Chain} {c.Trust} {c.Proof} {string.Join(" | ", c.Notes)}"));
}
