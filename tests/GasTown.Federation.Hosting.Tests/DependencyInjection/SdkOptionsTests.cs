using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace GasTown.Federation.Hosting.Tests.DependencyInjection;

/// <summary>
/// The SDK registers each of its options types' services for the closed type, as factories (SdkOptionsRegistration):
/// the container would otherwise close the framework's open generics and construct them by reflection when a town opens,
/// slow in a native build. These tests hold that, and that the options still behave as the framework's do.
/// </summary>
public sealed class SdkOptionsTests
{
    public static TheoryData<Type> SdkOptionsTypes =>
    [
        typeof(FederationOptions), typeof(ChainLimits), typeof(GitTransportOptions), typeof(DiscoveryOptions),
        typeof(QueryOptions), typeof(ProvenanceOptions),
    ];

    [Theory]
    [MemberData(nameof(SdkOptionsTypes))]
    public void Each_options_service_is_registered_for_the_closed_type_as_a_factory_with_the_frameworks_lifetime(Type options)
    {
        var services = TownServices();
        var framework = new ServiceCollection().AddOptions();

        foreach (var open in new[] { typeof(IOptions<>), typeof(IOptionsMonitor<>), typeof(IOptionsSnapshot<>), typeof(IOptionsFactory<>), typeof(IOptionsMonitorCache<>) })
        {
            var service = open.MakeGenericType(options);
            var descriptor = services.Where(d => d.ServiceType == service).ShouldHaveSingleItem($"{service} is not registered for the closed type");
            descriptor.ImplementationFactory.ShouldNotBeNull($"{service} is not a factory");
            descriptor.Lifetime.ShouldBe(framework.Single(d => d.ServiceType == open).Lifetime, $"{service} does not live as AddOptions makes it live");
        }
    }

    [Fact]
    public void A_snapshot_resolves_configuration_that_needs_a_scoped_service_in_its_scope()
    {
        var services = TownServices();
        services.AddScoped<ScopedLimit>();
        services.AddOptions<QueryOptions>().Configure<ScopedLimit>((o, limit) => o.MaxChains = limit.Value);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IOptionsSnapshot<QueryOptions>>().Value.MaxChains.ShouldBe(ScopedLimit.Limit);
    }

    [Fact]
    public void Configure_post_configure_and_validation_apply_as_with_the_framework_registrations()
    {
        var services = TownServices();
        services.Configure<QueryOptions>(o => o.MaxChains = 7);
        services.PostConfigure<QueryOptions>(o => o.MaxChains *= 2);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IOptions<QueryOptions>>().Value.MaxChains.ShouldBe(14);
        provider.GetRequiredService<IOptionsMonitor<QueryOptions>>().CurrentValue.MaxChains.ShouldBe(14);
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IOptionsSnapshot<QueryOptions>>().Value.MaxChains.ShouldBe(14);

        var invalid = TownServices();
        invalid.Configure<QueryOptions>(o => o.MaxChains = 0);
        using var bad = invalid.BuildServiceProvider();
        var error = Should.Throw<OptionsValidationException>(() => bad.GetRequiredService<IOptions<QueryOptions>>().Value);
        error.OptionsType.ShouldBe(typeof(QueryOptions));
    }

    [Fact]
    public void A_monitor_reloads_on_its_change_token_and_the_shared_cache_is_the_monitors()
    {
        var source = new ManualChangeTokenSource<QueryOptions>();
        var limit = 5;
        var services = TownServices();
        services.Configure<QueryOptions>(o => o.MaxChains = limit);
        services.AddSingleton<IOptionsChangeTokenSource<QueryOptions>>(source);
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<QueryOptions>>();
        var seen = new List<int>();
        using var subscription = monitor.OnChange(o => seen.Add(o.MaxChains));
        monitor.CurrentValue.MaxChains.ShouldBe(5);

        limit = 9;
        source.Change();

        monitor.CurrentValue.MaxChains.ShouldBe(9);
        seen.ShouldBe([9]);
        provider.GetRequiredService<IOptionsMonitorCache<QueryOptions>>().TryRemove(Options.DefaultName).ShouldBeTrue();
    }

    [Fact]
    public void A_hosts_own_closed_registration_made_before_wins()
    {
        var mine = Options.Create(new QueryOptions { MaxChains = 3 });
        var services = new ServiceCollection().AddSingleton(mine);
        services.AddGasTownFederation(o => o.TownRoot = Path.GetTempPath()).AddTown();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<QueryOptions>>().ShouldBeSameAs(mine);
    }

    private static ServiceCollection TownServices()
    {
        var services = new ServiceCollection();
        services.AddGasTownFederation(o => o.TownRoot = Path.GetTempPath()).AddTown();
        return services;
    }

    private sealed class ScopedLimit
    {
        public const int Limit = 11;

        public int Value => Limit;
    }

    private sealed class ManualChangeTokenSource<T> : IOptionsChangeTokenSource<T>
    {
        private CancellationTokenSource _current = new();

        public string Name => Options.DefaultName;

        public IChangeToken GetChangeToken() => new CancellationChangeToken(_current.Token);

        public void Change()
        {
            var previous = _current;
            _current = new CancellationTokenSource();
            previous.Cancel();
        }
    }
}
