using System.Net;
using GasTown.Federation.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace GasTown.Federation.Identity;

/// <summary>Adds identity (discovery by gt:// URI) to the SDK's builder.</summary>
public static class IdentityFederationBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="EntityDiscovery"/> and its named <see cref="HttpClient"/> (<see cref="EntityDiscovery.HttpClientName"/>):
    /// no redirects, no decompression, a total timeout of <see cref="DiscoveryOptions.Timeout"/> and
    /// <see cref="DiscoveryOptions.MaxRetries"/> retries of transient failures (Microsoft.Extensions.Http.Resilience).
    /// Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddGasTownFederation</c>.</param>
    /// <param name="configure">Sets the discovery options (base URL template, timeout), or null.</param>
    /// <returns>The same builder.</returns>
    public static IGasTownFederationBuilder AddIdentity(this IGasTownFederationBuilder builder, Action<DiscoveryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddSdkOptions<DiscoveryOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(EntityDiscovery)))
        {
            return builder;
        }

        options.Validate(o => o.Timeout > TimeSpan.Zero && o.MaxRetries >= 0 && o.MaxDocumentBytes > 0 && o.MaxFreshness >= TimeSpan.Zero,
            "DiscoveryOptions: Timeout and MaxDocumentBytes must be positive, MaxRetries and MaxFreshness not negative.").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(EntityDiscovery.HttpClientName, (sp, client) =>
            {
                // Polly's timeout decides; the client's own is only a backstop.
                client.Timeout = sp.GetRequiredService<IOptions<DiscoveryOptions>>().Value.Timeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("GasTown.Federation.Identity/1");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
            })
            .AddResilienceHandler("gastown-discovery", (pipeline, context) =>
            {
                var discovery = context.ServiceProvider.GetRequiredService<IOptions<DiscoveryOptions>>().Value;
                pipeline.AddTimeout(discovery.Timeout);
                if (discovery.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = discovery.MaxRetries,
                        Delay = TimeSpan.FromMilliseconds(200),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }
            });
        services.TryAddSingleton(sp => new EntityDiscovery(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<DiscoveryOptions>>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
