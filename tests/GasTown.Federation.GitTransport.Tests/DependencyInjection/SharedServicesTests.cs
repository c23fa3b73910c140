using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// The builder registers each shared service once, and each option reaches the object it configures (issue 10:
/// <c>ParsedBlobCacheEntries = 7</c> gave 4096 beside an unused cache of 7; the transport's own loader had no logger).
/// </summary>
public sealed class SharedServicesTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private ServiceProvider Build(TestTown town, Action<GitTransportOptions>? transport = null, Action<ChainLimits>? limits = null, FakeLogCollector? logs = null)
    {
        var services = new ServiceCollection();
        if (logs is not null)
        {
            services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        }

        var builder = services.AddGasTownFederation(o => o.TownRoot = town.Root).AddGitTransport(transport);
        if (limits is not null)
        {
            builder.Services.Configure(limits);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private TestTown Alice() => _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com")
        .WithRig("gastown", "gt-", r => r.WithIssue("gt-abc", "Alice's own work")));

    [Fact]
    public void ParsedBlobCacheEntries_sizes_the_one_cache_through_the_builder()
    {
        var alice = Alice();
        var services = new ServiceCollection();
        services.AddGasTownFederation(o => o.TownRoot = alice.Root).AddGitTransport(o => o.ParsedBlobCacheEntries = 7);
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(ParsedBlobCache)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IParsedBlobCache)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(ChainLoader)).ShouldBe(1);
        var cache = provider.GetRequiredService<ParsedBlobCache>();
        cache.Capacity.ShouldBe(7);
        provider.GetRequiredService<IParsedBlobCache>().ShouldBeSameAs(cache);
        provider.GetRequiredService<ChainLoader>().Cache.ShouldBeSameAs(cache);
    }

    [Fact]
    public void ChainCacheEntries_sizes_the_provider_s_chain_cache()
    {
        using var provider = Build(Alice(), o => o.ChainCacheEntries = 3);

        provider.GetRequiredService<GitChainProvider>().ChainCacheCapacity.ShouldBe(3);
    }

    [Fact]
    public void FetchPolicy_and_StaleAfter_reach_the_provider_and_cannot_be_changed_on_the_shared_instance()
    {
        using var provider = Build(Alice(), o =>
        {
            o.FetchPolicy = FetchPolicy.IfMissing;
            o.StaleAfter = TimeSpan.FromHours(5);
        });

        var chains = provider.GetRequiredService<GitChainProvider>();
        chains.FetchPolicy.ShouldBe(FetchPolicy.IfMissing);
        chains.StaleAfter.ShouldBe(TimeSpan.FromHours(5));
        typeof(GitChainProvider).GetProperty(nameof(GitChainProvider.FetchPolicy))!.CanWrite.ShouldBeFalse();
    }

    [Fact]
    public void StaleAfter_must_be_positive()
    {
        using var provider = Build(Alice(), o => o.StaleAfter = TimeSpan.Zero);

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GitTransportOptions>>().Value)
            .Message.ShouldContain("StaleAfter must be positive");
    }

    [Fact]
    public async Task Chain_limits_configured_on_the_host_reach_the_loader_the_transport_uses()
    {
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com")
            .WithRig("backend", "ac-", r => r.WithIssue("ac-1", "One").WithIssue("ac-2", "Two").WithIssue("ac-3", "Three")));
        await acme.PublishAsync("backend");
        var alice = Alice();
        alice.Registry.Add("acme", acme.Repository.Path, acme.ChainUri);
        using var provider = Build(alice, limits: l => l.MaxWorkUnits = 2);

        var fetch = await Should.ThrowAsync<RemoteFetchException>(() => provider.GetRequiredService<ChainFetcher>().FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken));
        var result = await provider.GetRequiredService<IChainProvider>().GetChainAsync(acme.ChainUri, TestContext.Current.CancellationToken);

        provider.GetRequiredService<ChainLoader>().Limits.MaxWorkUnits.ShouldBe(2);
        fetch.RefusalReason.ShouldBe(ChainUnavailableReason.LimitExceeded);
        result.Unavailable.ShouldBe(ChainUnavailableReason.LimitExceeded);
        result.Limit.ShouldBe(ChainLimitKind.WorkUnits);
    }

    [Fact]
    public void Invalid_chain_limits_fail_at_start_naming_each()
    {
        using var provider = Build(Alice(), limits: l =>
        {
            l.MaxBlobBytes = 0;
            l.MaxDiagnostics = -1;
        });

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        error.Message.ShouldContain("ChainLimits.MaxBlobBytes");
        error.Message.ShouldContain("ChainLimits.MaxDiagnostics");
    }

    [Fact]
    public async Task Identity_warnings_of_fetched_chains_reach_the_host_s_log()
    {
        var ownerless = new HandMadeRepository(_world.Temp.Combine("ownerless"))
            .Write("mayor/town.json", "{\n  \"type\": \"town\",\n  \"version\": 1,\n  \"name\": \"engineering\"\n}")
            .Write(".beads/routes.jsonl", "{\"prefix\":\"ac-\",\"path\":\"backend\"}\n")
            .Write("backend/.beads/issues.jsonl", "{\"id\":\"ac-1\",\"title\":\"x\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\",\"created_at\":\"2025-12-30T10:00:00Z\",\"updated_at\":\"2025-12-30T10:00:00Z\"}\n");
        ownerless.Commit();
        var alice = Alice();
        alice.Registry.Add("acme", ownerless.Path, HostileFederation.AcmeChain);
        var logs = new FakeLogCollector();
        using var provider = Build(alice, logs: logs);

        await provider.GetRequiredService<ChainFetcher>().FetchAsync("acme", cancellationToken: TestContext.Current.CancellationToken);
        var result = await provider.GetRequiredService<IChainProvider>().GetChainAsync(HostileFederation.AcmeChain, TestContext.Current.CancellationToken);

        result.Chain.ShouldNotBeNull(result.Message);
        var unverified = logs.GetSnapshot().Where(r => r.Category == typeof(ChainLoader).FullName && r.Id.Name == "IdentityUnverified").ToList();
        unverified.ShouldNotBeEmpty();
        unverified[0].Level.ShouldBe(LogLevel.Information);
        unverified[0].Message.ShouldContain("town.json has no owner");
    }
}
