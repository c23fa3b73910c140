using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Model;

/// <summary>Registers GasTown.Federation.Model's services.</summary>
public static class ModelServiceCollectionExtensions
{
    /// <summary>
    /// Adds the chain loader (<see cref="ChainLoader"/>), a shared <see cref="IParsedBlobCache"/>
    /// (<see cref="ParsedBlobCache"/>) and <see cref="TimeProvider.System"/>, each only if not registered already,
    /// so calling it twice, or after registering your own cache, is safe.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddGasTownFederationModel(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IParsedBlobCache, ParsedBlobCache>();
        services.TryAddSingleton(static provider => new ChainLoader(
            provider.GetRequiredService<IParsedBlobCache>(),
            provider.GetService<ILogger<ChainLoader>>()));
        return services;
    }
}
