using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Model;

/// <summary>The SDK's one entry point for hosts.</summary>
public static class FederationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Model package for the town at <see cref="FederationOptions.TownRoot"/> and returns
    /// a builder the other packages add themselves to:
    /// <code>
    /// services.AddGasTownFederation(o => o.TownRoot = root).AddProvenance().AddGitTransport().AddQuery();
    /// </code>
    /// Options are validated when the host starts (or when first resolved), with messages that name the bad value.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the shared options; <see cref="FederationOptions.TownRoot"/> is required.</param>
    /// <returns>The builder.</returns>
    public static IGasTownFederationBuilder AddGasTownFederation(this IServiceCollection services, Action<FederationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSdkOptions<FederationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FederationOptions>>(new FederationOptionsValidator()));
        services.AddGasTownFederationModel();
        return new GasTownFederationBuilder(services);
    }

    private sealed class GasTownFederationBuilder(IServiceCollection services) : IGasTownFederationBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
