using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Index;

/// <summary>Adds the federation index to the SDK's builder.</summary>
public static class IndexFederationBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="FederationIndex"/> as a singleton for the builder's town, over the git transport's remotes
    /// (added if missing) and the registered <see cref="ChainLimits"/>, and as Query's <see cref="IQueryIndex"/>, so that
    /// <see cref="FederationQueries"/> answers <c>show</c> from it when it can (the same answers). Registering twice changes nothing.
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

        // Query's FederationQueries answers from the index through this (and loads chains whenever it declines).
        builder.Services.TryAddSingleton<IQueryIndex>(sp => new IndexQuerySource(sp.GetRequiredService<FederationIndex>(), sp.GetRequiredService<IChainProvider>()));
        return builder;
    }
}
