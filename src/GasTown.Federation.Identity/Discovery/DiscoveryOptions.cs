namespace GasTown.Federation.Identity;

/// <summary>How <see cref="EntityDiscovery"/> finds and reads well-known documents.</summary>
public sealed class DiscoveryOptions
{
    /// <summary>The environment variable that replaces <c>https://{domain}</c> when <see cref="BaseUrl"/> is not set.</summary>
    public const string BaseUrlVariable = "GASTOWN_DISCOVERY_BASE_URL";

    /// <summary>The base URL everyone uses: the domain itself over HTTPS.</summary>
    public const string DefaultBaseUrl = "https://{domain}";

    /// <summary>
    /// Where documents are served: a template in which <c>{domain}</c> is replaced by the entity's domain, followed by
    /// <c>/.well-known/gastown.json</c>. For tests and private deployments, e.g. <c>http://127.0.0.1:8080/{domain}</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: <see cref="BaseUrlVariable"/> when set, else <see cref="DefaultBaseUrl"/>.</value>
    public string? BaseUrl { get; set; }

    /// <summary>How long one discovery may take in all, retries included.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a failed request (connection error, HTTP 5xx, 408, 429) is retried within <see cref="Timeout"/>.</summary>
    /// <value>The default value is 2.</value>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The largest document read; a larger one is refused.</summary>
    /// <value>The default value is <see cref="WellKnownDocument.DefaultMaxBytes"/> (64 KiB).</value>
    public int MaxDocumentBytes { get; set; } = WellKnownDocument.DefaultMaxBytes;

    /// <summary>The longest a document is kept, whatever its <c>Cache-Control: max-age</c> says.</summary>
    /// <value>The default value is 1 day.</value>
    public TimeSpan MaxFreshness { get; set; } = TimeSpan.FromDays(1);
}
