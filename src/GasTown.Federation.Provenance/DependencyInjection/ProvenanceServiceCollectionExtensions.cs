using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using GasTown.Federation.Model;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Provenance;

/// <summary>Registers the provenance services.</summary>
public static class ProvenanceServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IActorResolver"/> (bd's actor order, with <c>git config</c> read in the town root when the
    /// environment is the process's and no <see cref="IGitConfig"/> is registered), <see cref="EventLogWriter"/>,
    /// <see cref="IEnvironmentVariables"/> (the process environment) and validated <see cref="ProvenanceOptions"/>. <see cref="TimeProvider"/> defaults to
    /// <see cref="TimeProvider.System"/> unless one is registered. Safe to call more than once: services are added once,
    /// and each <paramref name="configure"/> is applied in order.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options, for example <c>o =&gt; o.Actor = "gastown/crew/joe"</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddGasTownFederationProvenance(this IServiceCollection services, Action<ProvenanceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddSdkOptions<ProvenanceOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ProvenanceMarker)))
        {
            return services;
        }

        services.AddSingleton<ProvenanceMarker>();
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProvenanceOptions>>(new ProvenanceOptionsValidator()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEnvironmentVariables>(ProcessEnvironmentVariables.Instance);
        services.TryAddSingleton<IActorResolver>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ProvenanceOptions>>().Value;
            var environment = sp.GetRequiredService<IEnvironmentVariables>();
            // git config is read where the town is (a town that is a git repository may set its own user.name).
            var gitFolder = options.GitConfigDirectory ?? sp.GetService<IOptions<FederationOptions>>()?.Value.TownRoot;
            IGitConfig? git = sp.GetService<IGitConfig>()
                ?? (environment is ProcessEnvironmentVariables ? new GitCommandConfig(gitFolder) : null);
            return new ActorResolver(options, environment, git);
        });
        services.TryAddSingleton(sp => new EventLogWriter(
            sp.GetRequiredService<IActorResolver>(),
            sp.GetRequiredService<IOptions<ProvenanceOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<EventLogWriter>())
        {
            // GitTransport registers one that signs with the town's configured key; without it lines stay unsigned.
            Signer = sp.GetService<IEventLineSigner>(),
        });
        return services;
    }

    /// <summary>Marks the collection so that a second call adds nothing twice.</summary>
    private sealed class ProvenanceMarker;
}
