using Microsoft.Extensions.DependencyInjection;

namespace GasTown.Federation.Model.Tests.DependencyInjection;

public sealed class ModelServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_a_loader_sharing_one_cache_and_the_system_clock()
    {
        using var provider = new ServiceCollection().AddGasTownFederationModel().BuildServiceProvider();

        var loader = provider.GetRequiredService<ChainLoader>();
        loader.ShouldBeSameAs(provider.GetRequiredService<ChainLoader>());
        loader.Cache.ShouldBeSameAs(provider.GetRequiredService<IParsedBlobCache>());
        provider.GetRequiredService<TimeProvider>().ShouldBeSameAs(TimeProvider.System);
    }

    [Fact]
    public void Is_idempotent_and_keeps_what_the_host_registered_first()
    {
        var mine = new ParsedBlobCache(16);
        var services = new ServiceCollection().AddSingleton<IParsedBlobCache>(mine);

        services.AddGasTownFederationModel();
        var count = services.Count;
        services.AddGasTownFederationModel();

        services.Count.ShouldBe(count);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ChainLoader>().Cache.ShouldBeSameAs(mine);
    }
}
