using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Index;

/// <summary>Adds the federation index to the SDK's builder.</summary>
public static class IndexFederationBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="FederationIndex"/> as a singleton for the builder's town, over the git transport's remotes
    /// (added if missing) and the registered <see cref="ChainLimits"/>. Registering twice changes nothing.
    /// </summary>
    /// <param name="builder">The builder from <c>AddGasTownFederation</c>.</param>
    /// <returns>The same builder.</returns>
    public static IGasTownFederationBuilder AddIndex(this IGasTownFederationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGitTransport();
        builder.Services.TryAddSingleton(sp => new FederationIndex(
            sp.GetRequiredService<IOptions<GitTransportOptions>>().Value.TownRoot,
            sp.GetRequiredService<RemoteRegistry>(),
            sp.GetRequiredService<IOptions<ChainLimits>>().Value,
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
