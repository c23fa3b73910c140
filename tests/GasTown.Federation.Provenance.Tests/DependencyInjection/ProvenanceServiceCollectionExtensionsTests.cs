using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.Provenance.Tests.DependencyInjection;

public sealed class ProvenanceServiceCollectionExtensionsTests
{
    private static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    [Fact]
    public void Registers_every_service_and_builds_with_validation_on()
    {
        using var provider = new ServiceCollection().AddGasTownFederationProvenance(o => o.Actor = "mayor").BuildServiceProvider(Strict);

        provider.GetRequiredService<IActorResolver>().Resolve().Actor.ShouldBe(ActorId.Mayor);
        provider.GetRequiredService<EventLogWriter>().ShouldNotBeNull();
        provider.GetRequiredService<IEnvironmentVariables>().ShouldBe(ProcessEnvironmentVariables.Instance);
        provider.GetRequiredService<TimeProvider>().ShouldBe(TimeProvider.System);
        provider.GetRequiredService<IOptions<ProvenanceOptions>>().Value.EventSource.ShouldBe("gt");
    }

    [Fact]
    public void Calling_twice_adds_services_once_and_applies_both_configurations()
    {
        var services = new ServiceCollection()
            .AddGasTownFederationProvenance(o => o.Actor = "mayor")
            .AddGasTownFederationProvenance(o => o.EventSource = "gtfed");

        services.Count(d => d.ServiceType == typeof(EventLogWriter)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<ProvenanceOptions>)).ShouldBe(1);
        using var provider = services.BuildServiceProvider(Strict);
        var options = provider.GetRequiredService<IOptions<ProvenanceOptions>>().Value;
        options.Actor.ShouldBe("mayor");
        options.EventSource.ShouldBe("gtfed");
    }

    [Theory]
    [InlineData("LockTimeout")]
    [InlineData("EventSource")]
    [InlineData("Actor")]
    public void Invalid_options_fail_with_a_message_naming_the_option(string option)
    {
        using var provider = new ServiceCollection().AddGasTownFederationProvenance(o =>
        {
            switch (option)
            {
                case "LockTimeout": o.LockTimeout = TimeSpan.Zero; break;
                case "EventSource": o.EventSource = ""; break;
                case "Actor": o.Actor = "a\u0000b"; break;
            }
        }).BuildServiceProvider(Strict);

        var ex = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProvenanceOptions>>().Value);
        ex.Message.ShouldContain($"ProvenanceOptions.{option}");
    }

    [Fact]
    public void The_SDK_builder_adds_provenance_too()
    {
        using var town = new TestTown();
        var services = new ServiceCollection();

        services.AddGasTownFederation(o => o.TownRoot = town.Root).AddProvenance(o => o.Actor = "gastown/refinery");

        using var provider = services.BuildServiceProvider(Strict);
        provider.GetRequiredService<IActorResolver>().Resolve().Actor.ShouldBe(ActorId.Refinery("gastown"));
        services.Count(d => d.ServiceType == typeof(EventLogWriter)).ShouldBe(1);
    }

    [Fact]
    public void Infinite_lock_timeout_is_allowed()
    {
        using var provider = new ServiceCollection().AddGasTownFederationProvenance(o => o.LockTimeout = Timeout.InfiniteTimeSpan).BuildServiceProvider(Strict);
        provider.GetRequiredService<IOptions<ProvenanceOptions>>().Value.LockTimeout.ShouldBe(Timeout.InfiniteTimeSpan);
    }

    [Fact]
    public async Task A_registered_TimeProvider_and_environment_are_used()
    {
        using var town = new TestTown();
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IEnvironmentVariables>(new DictionaryEnvironmentVariables([new("BEADS_ACTOR", "gastown/witness")]));
        using var provider = services.AddGasTownFederationProvenance().BuildServiceProvider(Strict);

        var written = await provider.GetRequiredService<EventLogWriter>().AppendAsync(town.Root, "patrol_started", cancellationToken: TestContext.Current.CancellationToken);

        written.TimestampText.ShouldBe("2030-05-06T07:08:09Z");
        written.Actor.ShouldBe("gastown/witness");
    }
}
