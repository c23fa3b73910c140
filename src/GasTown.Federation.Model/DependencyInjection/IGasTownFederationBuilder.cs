using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Model;

/// <summary>
/// The value <see cref="FederationServiceCollectionExtensions.AddGasTownFederation"/> returns: each
/// package adds itself to it (<c>.AddProvenance()</c>, <c>.AddGitTransport()</c>, <c>.AddQuery()</c>),
/// all sharing one <see cref="FederationOptions"/>.
/// </summary>
public interface IGasTownFederationBuilder
{
    /// <summary>The service collection the packages register in.</summary>
    IServiceCollection Services { get; }
}
