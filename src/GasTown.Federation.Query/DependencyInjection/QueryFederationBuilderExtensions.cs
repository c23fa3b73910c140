using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Adds the federated queries to the SDK's builder.</summary>
public static class QueryFederationBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="FederationQueries"/> (<see cref="QueryServiceCollectionExtensions.AddGasTownFederationQuery"/>).
    /// The queries read chains through Model's <see cref="IChainProvider"/>: add a transport
    /// (<c>.AddGitTransport()</c>) or register a provider of your own.
    /// </summary>
    /// <param name="builder">The builder from <c>AddGasTownFederation</c>.</param>
    /// <param name="configure">Sets the query bounds (depth, nodes, chains), or null.</param>
    /// <returns>The same builder.</returns>
    public static IGasTownFederationBuilder AddQuery(this IGasTownFederationBuilder builder, Action<QueryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGasTownFederationQuery(configure);
        return builder;
    }
}
