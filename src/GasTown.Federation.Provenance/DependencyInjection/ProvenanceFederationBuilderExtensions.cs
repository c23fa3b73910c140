using GasTown.Federation.Model;

namespace GasTown.Federation.Provenance;

/// <summary>Adds the Provenance package to the SDK's builder.</summary>
public static class ProvenanceFederationBuilderExtensions
{
    /// <summary>
    /// Registers actor resolution, agent environments and the event log writer
    /// (<see cref="ProvenanceServiceCollectionExtensions.AddGasTownFederationProvenance"/>).
    /// </summary>
    /// <param name="builder">The builder from <c>AddGasTownFederation</c>.</param>
    /// <param name="configure">Sets the provenance options (explicit actor, owner, lock timeout), or null.</param>
    /// <returns>The same builder.</returns>
    public static IGasTownFederationBuilder AddProvenance(this IGasTownFederationBuilder builder, Action<ProvenanceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGasTownFederationProvenance(configure);
        return builder;
    }
}
