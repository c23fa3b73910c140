using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Query;

/// <summary>Registers the federated queries in a service collection.</summary>
public static class QueryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="FederationQueries"/> (singleton) and validated <see cref="QueryOptions"/> (checked at
    /// start). Needs an <see cref="IChainProvider"/> registered (GitTransport's, or a folder provider);
    /// uses an <see cref="ICommitHistorySource"/>, an <see cref="ILoggerFactory"/>, a <see cref="TimeProvider"/> and an
    /// <see cref="IQueryIndex"/> (the federation index registers one) when registered.
    /// Calling it again only applies <paramref name="configure"/> again; nothing is registered twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the query bounds; null keeps the defaults.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddGasTownFederationQuery(this IServiceCollection services, Action<QueryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddSdkOptions<QueryOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(QueryMarker)))
        {
            return services;
        }

        services.AddSingleton<QueryMarker>();
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QueryOptions>>(new QueryOptionsValidator()));
        services.TryAddSingleton(sp => new FederationQueries(
            sp.GetRequiredService<IChainProvider>(),
            sp.GetRequiredService<IOptions<QueryOptions>>().Value,
            sp.GetService<ICommitHistorySource>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<FederationQueries>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IQueryIndex>())
        {
            EventSignatures = sp.GetService<IEventSignatureVerifier>(),
        });
        return services;
    }

    /// <summary>Marks the collection as already holding the Query registrations (idempotence).</summary>
    private sealed class QueryMarker;
}
