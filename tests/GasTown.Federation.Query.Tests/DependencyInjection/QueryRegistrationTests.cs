using GasTown.Federation.Model;
using GasTown.Federation.Query.Tests.Federation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Query.Tests.DependencyInjection;

public sealed class QueryRegistrationTests : IDisposable
{
    private readonly AcmeFederation federation = new();

    [Fact]
    public async Task Registration_resolves_working_queries_with_configured_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IChainProvider>(federation.Provider());
        services.AddGasTownFederationQuery(o => o.MaxChains = 2);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var queries = provider.GetRequiredService<FederationQueries>();
        provider.GetRequiredService<IOptions<QueryOptions>>().Value.MaxChains.ShouldBe(2);
        var result = await queries.ListByProjectAsync("proj-1", includeDelegated: true, cancellationToken: TestContext.Current.CancellationToken);
        result.Unreachable.ShouldContain(u => u.Reason == UnreachableReason.ChainLimit);
    }

    [Fact]
    public void Registration_is_idempotent_and_later_configuration_still_applies()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IChainProvider>(federation.Provider());
        services.AddGasTownFederationQuery(o => o.MaxDepth = 5);
        var count = services.Count;
        services.AddGasTownFederationQuery(o => o.MaxNodes = 7);

        services.Count(d => d.ServiceType == typeof(FederationQueries)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<QueryOptions>)).ShouldBe(1);
        services.Count.ShouldBe(count + 1); // only the second Configure
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<QueryOptions>>().Value;
        (options.MaxDepth, options.MaxNodes).ShouldBe((5, 7));
    }

    [Theory]
    [InlineData(0, 10, 10, "MaxDepth is 0")]
    [InlineData(10, -1, 10, "MaxNodes is -1")]
    [InlineData(10, 10, 0, "MaxChains is 0")]
    public void Invalid_options_fail_at_start_naming_the_value(int depth, int nodes, int chains, string expected)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IChainProvider>(federation.Provider());
        services.AddGasTownFederationQuery(o => (o.MaxDepth, o.MaxNodes, o.MaxChains) = (depth, nodes, chains));
        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<FederationQueries>()).Message.ShouldContain(expected);
        Should.Throw<OptionsValidationException>(() => new FederationQueries(federation.Provider(), new QueryOptions { MaxDepth = depth, MaxNodes = nodes, MaxChains = chains }))
            .Message.ShouldContain(expected);
    }

    [Fact]
    public void Current_rig_must_be_a_rig_name()
    {
        new QueryOptionsValidator().Validate(null, new QueryOptions { CurrentRig = "a/b" }).FailureMessage!.ShouldContain("CurrentRig is 'a/b'");
        new QueryOptionsValidator().Validate(null, new QueryOptions { CurrentRig = "gastown" }).Succeeded.ShouldBeTrue();
    }

    public void Dispose() => federation.Dispose();
}
