using GasTown.Federation.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.GitTransport;

/// <summary>Adds the git transport to the SDK's builder.</summary>
public static class GitTransportFederationBuilderExtensions
{
    /// <summary>
    /// Registers the git transport (<see cref="GitTransportServiceCollectionExtensions.AddGasTownFederationGitTransport"/>)
    /// for the builder's town: <see cref="GitTransportOptions.TownRoot"/> defaults to <see cref="FederationOptions.TownRoot"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddGasTownFederation</c>.</param>
    /// <param name="configure">Sets the transport options (fetch policy, timeouts, credentials), or null.</param>
    /// <returns>The same builder.</returns>
    public static IGasTownFederationBuilder AddGitTransport(this IGasTownFederationBuilder builder, Action<GitTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Registered before the caller's configuration, so an explicit TownRoot still wins.
        builder.Services.AddSdkOptions<GitTransportOptions>().Configure<IOptions<FederationOptions>>((options, federation) =>
        {
            if (string.IsNullOrEmpty(options.TownRoot))
            {
                options.TownRoot = federation.Value.TownRoot;
            }
        });
        builder.Services.AddGasTownFederationGitTransport(configure ?? (_ => { }));
        return builder;
    }
}
