using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Alice's town following two remotes: a hostile "acme" (a repository made with plain git, or a real town turned
/// hostile) and an honest "bob". Every hostile test asserts acme's problem is reported and bob still answers.
/// </summary>
internal sealed class HostileFederation : IDisposable
{
    public static readonly GtUri AcmeChain = GtUri.Parse("gt://acme.com/engineering");
    public static readonly GtUri BobChain = GtUri.Parse("gt://bob@example.com/workshop");

    private HostileFederation(TownWorld world, TestTown alice, GitChainProvider provider, ChainFetcher fetcher, FakeTimeProvider clock)
    {
        World = world;
        Alice = alice;
        Provider = provider;
        Fetcher = fetcher;
        Clock = clock;
    }

    public TownWorld World { get; }

    public TestTown Alice { get; }

    public GitChainProvider Provider { get; }

    public ChainFetcher Fetcher { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>A hand-made acme town repository: a valid town.json and one route to the backend rig; <paramref name="files"/> adds the rest.</summary>
    public static HandMadeRepository HandMadeAcme(TownWorld world, Action<HandMadeRepository> files, string townJson = "")
    {
        var repository = new HandMadeRepository(world.Temp.Combine("acme-" + Guid.NewGuid().ToString("N")[..8]))
            .Write("mayor/town.json", townJson.Length > 0 ? townJson : HandMadeRepository.TownJson("engineering", "acme.com"))
            .Write(".beads/routes.jsonl", "{\"prefix\":\"ac-\",\"path\":\"backend/mayor/rig\"}\n");
        files(repository);
        repository.Commit();
        return repository;
    }

    public static async Task<HostileFederation> CreateAsync(TownWorld world, string acmeUrl, ChainLimits? limits = null, GtUri? acmeChain = null, string? acmeRig = null, Action<GitTransportOptions>? configure = null)
    {
        var bob = world.AddTown("bob", b => b.Named("workshop").OwnedBy("bob@example.com")
            .WithRig("tools", "tl-", r => r.WithIssue("tl-1", "Bob's tool")));
        await bob.PublishAsync("tools");
        var alice = world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Alice's own work")));
        alice.Registry.Add(new RemoteDefinition("acme", acmeUrl, acmeChain ?? AcmeChain) { Rig = acmeRig });
        alice.Registry.Add("bob", bob.Repository.Path, BobChain);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var options = new GitTransportOptions { TownRoot = alice.Root, FetchTimeout = TimeSpan.FromSeconds(60), FetchPolicy = FetchPolicy.Never };
        configure?.Invoke(options);
        var loader = new ChainLoader(new ParsedBlobCache(), null, limits);
        var fetcher = new ChainFetcher(alice.Registry, options, clock, null, loader);
        var provider = new GitChainProvider(alice.Registry, fetcher, loader, options, clock);
        return new HostileFederation(world, alice, provider, fetcher, clock);
    }

    /// <summary>Fetches both remotes; returns acme's result (bob's must succeed).</summary>
    public async Task<FetchResult> FetchAllAsync()
    {
        var results = await Fetcher.FetchAllAsync(cancellationToken: TestContext.Current.CancellationToken);
        results.Single(r => r.RemoteName == "bob").Succeeded.ShouldBeTrue(results.Single(r => r.RemoteName == "bob").Error?.Message);
        return results.Single(r => r.RemoteName == "acme");
    }

    public ValueTask<ChainResult> AcmeAsync() => Provider.GetChainAsync(AcmeChain, TestContext.Current.CancellationToken);

    /// <summary>Bob's chain and Alice's own town still answer.</summary>
    public async Task OthersAnswerAsync()
    {
        var bob = await Provider.GetChainAsync(BobChain, TestContext.Current.CancellationToken);
        bob.Chain.ShouldNotBeNull(bob.Message);
        bob.Chain.TryGetWorkUnit("tl-1", out var tool).ShouldBeTrue();
        tool.Unit.Title.ShouldBe("Bob's tool");
        var local = await Provider.GetChainAsync(GtUri.Parse("gt://alice@example.com/main-town"), TestContext.Current.CancellationToken);
        local.Chain.ShouldNotBeNull(local.Message);
    }

    public void Dispose() => World.Dispose();
}
