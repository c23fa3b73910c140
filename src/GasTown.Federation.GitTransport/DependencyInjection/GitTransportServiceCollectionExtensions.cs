using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.GitTransport;

/// <summary>Registers the git transport in a service collection.</summary>
public static class GitTransportServiceCollectionExtensions
{
    /// <summary>
    /// Registers the git transport for one town: <see cref="FederationRepository"/>,
    /// <see cref="RemoteRegistry"/>, <see cref="ChainFetcher"/>, <see cref="TownPublisher"/>,
    /// <see cref="GitChainProvider"/> as Model's <see cref="IChainProvider"/>,
    /// <see cref="GitWorkUnitResolver"/> and <see cref="GitCommitHistorySource"/> as Provenance's
    /// <see cref="ICommitHistorySource"/>, all singletons, over Model's services
    /// (<see cref="ModelServiceCollectionExtensions.AddGasTownFederationModel"/>): the one <see cref="ChainLoader"/>
    /// (with the host's logger and <see cref="ChainLimits"/>) serves both the fetcher and the provider, and the one
    /// <see cref="ParsedBlobCache"/> is sized by <see cref="GitTransportOptions.ParsedBlobCacheEntries"/>. Options are
    /// validated when the host starts. Calling it again only adds the configuration; services are registered once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="GitTransportOptions.TownRoot"/> is required.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddGasTownFederationGitTransport(this IServiceCollection services, Action<GitTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSdkOptions<GitTransportOptions>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(GitTransportMarker)))
        {
            return services;
        }

        services.AddSingleton<GitTransportMarker>();
        services.AddGasTownFederationModel();

        // Model registered the cache with its default size; the transport's option sizes the same, one cache.
        services.Replace(ServiceDescriptor.Singleton(sp => new ParsedBlobCache(Options(sp).ParsedBlobCacheEntries)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitTransportOptions>>(new GitTransportOptionsValidator()));

        services.TryAddSingleton(sp =>
        {
            var options = Options(sp);
            return new FederationRepository(options.ResolveRepositoryPath(), options.TownRoot);
        });
        services.TryAddSingleton(sp => new TrustedKeyStore(sp.GetRequiredService<FederationRepository>()));
        services.TryAddSingleton(sp => new RemoteRegistry(sp.GetRequiredService<FederationRepository>(), Logger<RemoteRegistry>(sp)));
        services.TryAddSingleton(sp => new ChainFetcher(sp.GetRequiredService<RemoteRegistry>(), Options(sp), Time(sp), Logger<ChainFetcher>(sp), sp.GetRequiredService<ChainLoader>()));
        services.TryAddSingleton(sp => new TownPublisher(sp.GetRequiredService<FederationRepository>(), Options(sp).TownRoot, Options(sp), Time(sp), Logger<TownPublisher>(sp), sp.GetService<IActorResolver>()));
        services.TryAddSingleton(sp => new GitChainProvider(
            sp.GetRequiredService<RemoteRegistry>(),
            sp.GetRequiredService<ChainFetcher>(),
            sp.GetRequiredService<ChainLoader>(),
            Options(sp),
            Time(sp),
            Logger<GitChainProvider>(sp)));
        services.TryAddSingleton<IChainProvider>(sp => sp.GetRequiredService<GitChainProvider>());
        services.TryAddSingleton(sp => new GitWorkUnitResolver(sp.GetRequiredService<IChainProvider>()));
        services.TryAddSingleton(sp => new GitCommitHistorySource(sp.GetRequiredService<RemoteRegistry>(), Options(sp).TownRoot));
        services.TryAddSingleton<ICommitHistorySource>(sp => sp.GetRequiredService<GitCommitHistorySource>());

        // Event lines: signed with the configured key as they are written, judged when an audit reads them.
        services.TryAddSingleton<IEventLineSigner>(sp => new ConfiguredKeyEventSigner(sp.GetRequiredService<FederationRepository>(), Options(sp)));
        services.TryAddSingleton<IEventSignatureVerifier>(sp => new EventSignatureVerifier(sp.GetRequiredService<TrustedKeyStore>(), sp.GetRequiredService<TownPublisher>(), Options(sp)));
        return services;
    }

    private static GitTransportOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<GitTransportOptions>>().Value;

    private static TimeProvider Time(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;

    // From the factory, not ILogger<T>: the container would make each Logger<T> by reflection (see SdkOptionsRegistration).
    // As Query and Provenance do: a host's own ILogger<T> registration is not used for the SDK's types; its factory is.
    private static ILogger<T>? Logger<T>(IServiceProvider services) => services.GetService<ILoggerFactory>()?.CreateLogger<T>();

    /// <summary>Marks the collection as already holding the transport, so a second call registers nothing twice.</summary>
    private sealed class GitTransportMarker;
}
