using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GasTown.Federation.Model;

/// <summary>
/// How every SDK package registers its options: <c>AddOptions&lt;T&gt;()</c> as usual (so <c>Configure</c>,
/// <c>PostConfigure</c>, <c>Validate</c> and <c>ValidateOnStart</c> work as hosts expect), plus the options services for
/// one options type registered as factories.
/// </summary>
/// <remarks>
/// <para>Why: <c>AddOptions</c> registers <c>IOptions&lt;&gt;</c>, <c>IOptionsMonitor&lt;&gt;</c>, the options factory and
/// cache as open generics, which the container closes and constructs by reflection the first time each is asked for.
/// In the native build that reflection (making the generic type, reading each constructor's parameter types from
/// metadata, making an invoker) is slow on first use, and opening a town asks for four or five of them for each of six
/// options types: as factories, a fresh one-unit <c>gtfed show</c> spends 16.4 → 15.2 ms of CPU (<c>perf stat</c>,
/// benchmarks/README.md). A registration for the closed type wins over the open one, and a factory is a delegate call.</para>
/// <para>The services are the framework's own (<see cref="OptionsFactory{TOptions}"/>, <see cref="OptionsManager{TOptions}"/>,
/// <see cref="OptionsMonitor{TOptions}"/>, <see cref="OptionsCache{TOptions}"/>) built from the same registrations, so the
/// options read, validate and reload as before, with the same lifetimes. Each is added only if the closed type is not
/// registered yet, so a host's own registration of the closed type, made before, still wins. Two host overrides no longer
/// reach the SDK's options types: an open-generic replacement (the host's own <c>IOptionsMonitor&lt;&gt;</c>), and a
/// <c>TryAdd</c> of a closed type made after the SDK's registration (use <c>Replace</c> instead).</para>
/// <para>Internal, shared with the other SDK packages through <c>InternalsVisibleTo</c>: a mechanism of the SDK's wiring.</para>
/// </remarks>
internal static class SdkOptionsRegistration
{
    /// <summary>Adds <typeparamref name="TOptions"/> as <c>services.AddOptions&lt;TOptions&gt;()</c> does, with its options services as factories.</summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder <c>AddOptions</c> returns, to configure and validate the options.</returns>
    public static OptionsBuilder<TOptions> AddSdkOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services)
        where TOptions : class
    {
        var builder = services.AddOptions<TOptions>();
        // Lifetimes as AddOptions gives them: the factory transient (so a snapshot's scope resolves the configurations
        // it needs), the cache, the manager and the monitor singletons, the snapshot scoped.
        services.TryAddTransient<IOptionsFactory<TOptions>>(static sp => new OptionsFactory<TOptions>(
            sp.GetServices<IConfigureOptions<TOptions>>(),
            sp.GetServices<IPostConfigureOptions<TOptions>>(),
            sp.GetServices<IValidateOptions<TOptions>>()));
        services.TryAddSingleton<IOptionsMonitorCache<TOptions>>(static _ => new OptionsCache<TOptions>());
        services.TryAddSingleton<IOptions<TOptions>>(static sp => new OptionsManager<TOptions>(sp.GetRequiredService<IOptionsFactory<TOptions>>()));
        services.TryAddScoped<IOptionsSnapshot<TOptions>>(static sp => new OptionsManager<TOptions>(sp.GetRequiredService<IOptionsFactory<TOptions>>()));
        services.TryAddSingleton<IOptionsMonitor<TOptions>>(static sp => new OptionsMonitor<TOptions>(
            sp.GetRequiredService<IOptionsFactory<TOptions>>(),
            sp.GetServices<IOptionsChangeTokenSource<TOptions>>(),
            sp.GetRequiredService<IOptionsMonitorCache<TOptions>>()));
        return builder;
    }
}
