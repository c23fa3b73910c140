using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Providers;

public sealed class FolderChainProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serves_registered_folders_and_says_why_others_are_unavailable()
    {
        using var temp = new TempDirectory();
        var alice = TownBuilder.At(temp.Combine("alice")).Named("town").OwnedBy("alice@example.com").WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "x")).Build();
        var acme = TownBuilder.At(temp.Combine("acme")).Named("hq").OwnedBy("acme.com").Build();
        var spoof = TownBuilder.At(temp.Combine("spoof")).Named("hq").OwnedBy("mallory@evil.com").Build();
        var repo = TownBuilder.SingleRigRepository(temp.Combine("repo"), r => r.WithIssue("bd-1", "x")).Build();
        var aliceUri = GtUri.Parse(alice.ChainUri!);
        var provider = new FolderChainProvider(new ChainLoader(), aliceUri)
            .Add(aliceUri, alice.Root)
            .Add(GtUri.Parse("gt://acme.com/hq"), acme.Root)
            .Add(GtUri.Parse("gt://bigcorp.com/hq"), spoof.Root)
            .Add(GtUri.Parse("gt://steve@example.com/beads"), repo.Root, singleRigName: "beads")
            .Add(GtUri.Parse("gt://gone.com/x"), temp.Combine("missing"));

        var known = await provider.GetKnownChainsAsync(Ct);
        known.Count.ShouldBe(5);
        known.Single(k => k.IsLocal).Uri.ShouldBe(aliceUri);
        known.ShouldAllBe(k => k.RemoteName == null);

        var local = await provider.GetChainAsync(aliceUri, Ct);
        local.IsAvailable.ShouldBeTrue();
        local.Chain.TryGetWorkUnit("gt-1", out _).ShouldBeTrue();
        local.DataAsOf.ShouldBeNull();

        (await provider.GetChainAsync(GtUri.Parse("gt://alice@example.com/town/gastown/gt-1"), Ct)).Chain.ShouldNotBeNull().Uri.ShouldBe(aliceUri);
        (await provider.GetChainAsync(GtUri.Parse("gt://steve@example.com/beads"), Ct)).Chain.ShouldNotBeNull().Layout.ShouldBe(ChainLayout.SingleRig);

        var unknown = await provider.GetChainAsync(GtUri.Parse("gt://nobody.com/x"), Ct);
        unknown.Unavailable.ShouldBe(ChainUnavailableReason.NotRegistered);
        unknown.Chain.ShouldBeNull();

        var spoofed = await provider.GetChainAsync(GtUri.Parse("gt://bigcorp.com/hq"), Ct);
        spoofed.Unavailable.ShouldBe(ChainUnavailableReason.IdentityMismatch);
        spoofed.Message.ShouldNotBeNull().ShouldContain("mallory@evil.com");

        (await provider.GetChainAsync(GtUri.Parse("gt://gone.com/x"), Ct)).Unavailable.ShouldBe(ChainUnavailableReason.Invalid);
    }

    [Fact]
    public void Only_chain_uris_can_be_registered()
        => Should.Throw<ArgumentException>(() => new FolderChainProvider(new ChainLoader()).Add(GtUri.Parse("gt://acme.com"), "/tmp"));
}
