using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.GitTransport.Tests;

public sealed class GitTransportServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-di");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Registers_the_transport_behind_Model_and_Provenance_abstractions()
    {
        var services = new ServiceCollection().AddGasTownFederationGitTransport(o => o.TownRoot = _temp.Path);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        provider.GetRequiredService<IChainProvider>().ShouldBeOfType<GitChainProvider>();
        provider.GetRequiredService<ICommitHistorySource>().ShouldBeOfType<GitCommitHistorySource>();
        provider.GetRequiredService<IParsedBlobCache>().ShouldBeOfType<ParsedBlobCache>();
        provider.GetRequiredService<IChainProvider>().ShouldBeSameAs(provider.GetRequiredService<GitChainProvider>());
        provider.GetRequiredService<FederationRepository>().Path.ShouldBe(Path.Combine(_temp.Path, "federation", "git"));
        provider.GetRequiredService<GitWorkUnitResolver>().ShouldNotBeNull();
        provider.GetRequiredService<TownPublisher>().ShouldNotBeNull();
        provider.GetRequiredService<ChainFetcher>().ShouldNotBeNull();
    }

    [Fact]
    public void The_parsed_blob_cache_is_Model_s_LRU_sized_by_the_option_and_shared_with_the_provider()
    {
        var services = new ServiceCollection().AddGasTownFederationGitTransport(o =>
        {
            o.TownRoot = _temp.Path;
            o.ParsedBlobCacheEntries = 3;
        });
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var cache = provider.GetRequiredService<IParsedBlobCache>().ShouldBeOfType<ParsedBlobCache>();
        cache.Capacity.ShouldBe(3);
        cache.ShouldBeSameAs(provider.GetRequiredService<ParsedBlobCache>());
        new GitTransportOptions().ParsedBlobCacheEntries.ShouldBe(1024);
    }

    [Fact]
    public void Calling_it_twice_registers_each_service_once_and_keeps_both_configurations()
    {
        var services = new ServiceCollection()
            .AddGasTownFederationGitTransport(o => o.TownRoot = _temp.Path)
            .AddGasTownFederationGitTransport(o => o.FetchTimeout = TimeSpan.FromSeconds(7));

        services.Count(d => d.ServiceType == typeof(IChainProvider)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(ICommitHistorySource)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<GitTransportOptions>)).ShouldBe(1);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<GitTransportOptions>>().Value;
        options.TownRoot.ShouldBe(_temp.Path);
        options.FetchTimeout.ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void The_builder_form_takes_the_town_root_from_the_federation_options_unless_given()
    {
        var services = new ServiceCollection();
        services.AddGasTownFederation(o => o.TownRoot = _temp.Path).AddGitTransport(o => o.FetchPolicy = FetchPolicy.Never);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<GitTransportOptions>>().Value;
        options.TownRoot.ShouldBe(_temp.Path);
        options.FetchPolicy.ShouldBe(FetchPolicy.Never);

        var explicitRoot = _temp.Combine("elsewhere");
        var other = new ServiceCollection();
        other.AddGasTownFederation(o => o.TownRoot = _temp.Path).AddGitTransport(o => o.TownRoot = explicitRoot);
        using var otherProvider = other.BuildServiceProvider();
        otherProvider.GetRequiredService<IOptions<GitTransportOptions>>().Value.TownRoot.ShouldBe(explicitRoot);
    }

    [Fact]
    public void Bad_options_fail_validation_naming_each_problem()
    {
        var services = new ServiceCollection().AddGasTownFederationGitTransport(o =>
        {
            o.FetchTimeout = TimeSpan.Zero;
            o.ChainCacheEntries = 0;
            o.MaxConcurrentFetches = 0;
        });
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GitTransportOptions>>().Value);

        error.Failures.Count().ShouldBe(4);
        error.Message.ShouldContain("MaxConcurrentFetches must be between 1 and 32; it is 0");
        error.Message.ShouldContain("TownRoot is required");
        error.Message.ShouldContain("FetchTimeout must be positive");
        error.Message.ShouldContain("ChainCacheEntries");
    }

    [Fact]
    public void A_fetch_timeout_longer_than_a_timer_waits_fails_validation()
    {
        var services = new ServiceCollection().AddGasTownFederationGitTransport(o =>
        {
            o.TownRoot = "/town";
            o.FetchTimeout = GitTransportOptions.MaxFetchTimeout + TimeSpan.FromSeconds(1);
        });
        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GitTransportOptions>>().Value)
            .Message.ShouldContain("FetchTimeout must be positive and at most 24 days");
    }

    [Fact]
    public void Validation_runs_at_host_start()
    {
        var services = new ServiceCollection().AddGasTownFederationGitTransport(_ => { });
        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public async Task A_failed_fetch_is_logged_with_its_stable_event_id()
    {
        var collector = new FakeLogCollector();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Debug))
            .AddGasTownFederationGitTransport(o => o.TownRoot = _temp.Path);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<RemoteRegistry>().Add("ghost", _temp.Combine("missing"), GtUri.Parse("gt://ghost.org/town"));

        await Should.ThrowAsync<RemoteFetchException>(() => provider.GetRequiredService<ChainFetcher>().FetchAsync("ghost", cancellationToken: TestContext.Current.CancellationToken));

        var records = collector.GetSnapshot();
        records.ShouldContain(r => r.Id.Id == Log.IdRemoteAdded && r.Id.Name == "RemoteAdded");
        records.ShouldContain(r => r.Id.Id == Log.IdFetchStarted && r.Level == LogLevel.Debug);
        var failed = records.Single(r => r.Id.Id == Log.IdFetchFailed);
        failed.Id.Name.ShouldBe("FetchFailed");
        failed.Level.ShouldBe(LogLevel.Warning);
        // Said in the failure's own words; the exception, with its stack, is the caller's (a host that is down is no bug).
        var thrown = await Should.ThrowAsync<RemoteFetchException>(() => provider.GetRequiredService<ChainFetcher>().FetchAsync("ghost", cancellationToken: TestContext.Current.CancellationToken));
        failed.Exception.ShouldBeNull();
        failed.Message.ShouldBe($"Fetching remote ghost from {_temp.Combine("missing")} failed (Unreachable): {thrown.Message}");
    }
}
