using GasTown.Federation.GitTransport;
using GasTown.Federation.Identity;
using GasTown.Federation.Index;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Hosting;

/// <summary>Adds the host facade, <see cref="Town"/>, to the SDK's builder.</summary>
public static class HostingFederationBuilderExtensions
{
    /// <summary>
    /// Registers every package of the SDK for the builder's town (provenance, the git transport, the
    /// queries: each only once, keeping any configuration given before or after) and <see cref="Town"/>
    /// as a singleton that shares the container's services. The town's <c>mayor/town.json</c> is read once,
    /// when the town is first resolved, and its owner becomes <see cref="ProvenanceOptions.TownOwner"/>
    /// unless that is set. Resolving the town fails as <see cref="Town.Open"/> does: a <see cref="FederationException"/>
    /// for a town root that is not set or not a folder, or a git transport registered for another town's folder
    /// (<c>AddGasTownFederationGitTransport(o =&gt; o.TownRoot = …)</c> with another folder: set the folder once, here), a
    /// <see cref="TownMetadataException"/> for a folder that is no town.
    /// <code>
    /// services.AddGasTownFederation(o => o.TownRoot = root).AddTown();
    /// var town = provider.GetRequiredService&lt;Town&gt;();
    /// </code>
    /// </summary>
    /// <param name="builder">The builder from <c>AddGasTownFederation</c>.</param>
    /// <returns>The same builder, to configure the packages further (<c>.AddGitTransport(o =&gt; …)</c>).</returns>
    public static IGasTownFederationBuilder AddTown(this IGasTownFederationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddProvenance().AddGitTransport().AddQuery().AddIdentity().AddIndex();
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(Town)))
        {
            return builder;
        }

        services.TryAddSingleton(LoadTown);
        services.AddOptions<ProvenanceOptions>().Configure<TownContext>((options, town) => options.TownOwner ??= town.Metadata.Owner);
        services.AddSingleton(sp => new Town(sp.GetRequiredService<TownContext>(), sp, owned: null));
        return builder;
    }

    /// <summary>
    /// Reads the town at <see cref="FederationOptions.TownRoot"/> as <see cref="Town.Open"/> does, so a host fails with the
    /// same <see cref="FederationException"/> either way. The options are read as configured but not validated here: their
    /// validator's <see cref="OptionsValidationException"/> for a missing folder would otherwise reach the host instead.
    /// </summary>
    /// <exception cref="FederationException">No town root is set (<see cref="FederationErrorKind.InvalidInput"/>), or no such folder (<see cref="FederationErrorKind.NotFound"/>).</exception>
    private static TownContext LoadTown(IServiceProvider services)
    {
        var options = new OptionsFactory<FederationOptions>(
            services.GetServices<IConfigureOptions<FederationOptions>>(),
            services.GetServices<IPostConfigureOptions<FederationOptions>>()).Create(Options.DefaultName);
        if (string.IsNullOrWhiteSpace(options.TownRoot))
        {
            throw new FederationException(FederationErrorKind.InvalidInput, FederationOptionsValidator.TownRootRequired);
        }

        return TownContext.Load(options.TownRoot);
    }
}
