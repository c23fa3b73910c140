using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Model;

/// <summary>Registers GasTown.Federation.Model's services.</summary>
public static class ModelServiceCollectionExtensions
{
    /// <summary>
    /// Adds, each only if not registered already (so calling it twice, or after registering your own, is safe):
    /// <see cref="TimeProvider.System"/>; one <see cref="ParsedBlobCache"/> of <see cref="ParsedBlobCache.DefaultCapacity"/>
    /// entries, also registered as <see cref="IParsedBlobCache"/> (GitTransport sizes it with
    /// <c>GitTransportOptions.ParsedBlobCacheEntries</c>); the <see cref="ChainLimits"/> options, validated at start
    /// (set them with <c>services.Configure&lt;ChainLimits&gt;(…)</c>); and the one <see cref="ChainLoader"/>, which
    /// logs through the host's <see cref="ILogger{TCategoryName}"/> and reads within those limits.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddGasTownFederationModel(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(static d => d.ServiceType == typeof(IValidateOptions<ChainLimits>) && d.ImplementationInstance is ChainLimitsValidator))
        {
            // Once: ValidateOnStart adds a registration per call.
            services.AddSdkOptions<ChainLimits>().ValidateOnStart();
            services.AddSingleton<IValidateOptions<ChainLimits>>(new ChainLimitsValidator());
        }

        services.TryAddSingleton(static _ => new ParsedBlobCache());
        services.TryAddSingleton<IParsedBlobCache>(static provider => provider.GetRequiredService<ParsedBlobCache>());
        services.TryAddSingleton(static provider => new ChainLoader(
            provider.GetRequiredService<IParsedBlobCache>(),
            provider.GetService<ILoggerFactory>()?.CreateLogger<ChainLoader>(),
            provider.GetRequiredService<IOptions<ChainLimits>>().Value));
        return services;
    }
}
