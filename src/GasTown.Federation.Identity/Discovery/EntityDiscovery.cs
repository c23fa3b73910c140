using System.Net;
using System.Net.Http.Headers;
using GasTown.Federation.Model;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace GasTown.Federation.Identity;

/// <summary>
/// Finds an entity's chains and keys from its domain: <c>https://{domain}/.well-known/gastown.json</c>
/// (<see cref="WellKnownDocument"/>), through <see cref="IHttpClientFactory"/> with a timeout and retries
/// (<see cref="DiscoveryOptions"/>), keeping each document as long as its <c>Cache-Control: max-age</c> allows.
/// </summary>
/// <remarks>
/// <para>Only HTTPS is trusted, except plain HTTP to a loopback address (tests, a local server). Redirects are not
/// followed. A document larger than <see cref="DiscoveryOptions.MaxDocumentBytes"/>, naming another entity, or not of
/// the format is refused with a typed <see cref="DiscoveryException"/>; so is a chain whose git URL is a local path
/// or <c>file://</c> unless the document itself came from loopback.</para>
/// <para>A person (<c>alice@example.com</c>) is discovered through their domain's document, which must list them
/// under <c>people</c>; a domain that publishes nothing for them (a mail provider) is reported as such.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class EntityDiscovery
{
    /// <summary>The name of the <see cref="HttpClient"/> discovery asks <see cref="IHttpClientFactory"/> for.</summary>
    public const string HttpClientName = "GasTown.Federation.Discovery";

    private readonly IHttpClientFactory _clients;
    private readonly DiscoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly string _baseUrl;
    private readonly LruCache<string, CachedDocument> _cache = new(256, StringComparer.Ordinal);

    /// <summary>Creates the discovery client.</summary>
    /// <param name="clients">The HTTP client factory (the named client <see cref="HttpClientName"/> carries the timeout and retries).</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for cache freshness; <see cref="TimeProvider.System"/> when null.</param>
    public EntityDiscovery(IHttpClientFactory clients, IOptions<DiscoveryOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _baseUrl = _options.BaseUrl is { Length: > 0 } configured ? configured
            : Environment.GetEnvironmentVariable(DiscoveryOptions.BaseUrlVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : DiscoveryOptions.DefaultBaseUrl;
    }

    /// <summary>The URL of <paramref name="entity"/>'s document (its domain's, for a person).</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="DiscoveryException">The configured base URL does not make a valid URL (<see cref="DiscoveryFailureKind.InvalidDocument"/>).</exception>
    public Uri GetDocumentUrl(EntityId entity)
    {
        if (entity.IsDefault)
        {
            throw new ArgumentException("The entity is empty.", nameof(entity));
        }

        var text = _baseUrl.Replace("{domain}", entity.Domain, StringComparison.Ordinal).TrimEnd('/') + "/" + WellKnownDocument.RelativePath;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new DiscoveryException(DiscoveryFailureKind.NotHttps, null, $"The discovery base URL '{_baseUrl}' does not make an http(s) URL for {entity.Domain} (got '{text}'). Set DiscoveryOptions.BaseUrl or {DiscoveryOptions.BaseUrlVariable} to a template such as https://{{domain}}.");
    }

    /// <summary>The well-known document of <paramref name="entity"/>'s domain, from the cache while it is fresh.</summary>
    /// <param name="entity">The entity (for a person, their domain's document is read).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document.</returns>
    /// <exception cref="DiscoveryException">The document cannot be had; <see cref="DiscoveryException.Failure"/> says why.</exception>
    public async Task<WellKnownDocument> GetDocumentAsync(EntityId entity, CancellationToken cancellationToken = default)
    {
        var url = GetDocumentUrl(entity);
        CheckScheme(url);
        var key = url.AbsoluteUri;
        if (_cache.TryGet(key, out var cached) && cached.FreshUntil > _time.GetUtcNow())
        {
            return cached.Document;
        }

        var (document, freshFor) = await DownloadAsync(url, entity.DomainEntity, cancellationToken).ConfigureAwait(false);
        if (freshFor > TimeSpan.Zero)
        {
            _cache.Set(key, new CachedDocument(document, _time.GetUtcNow() + freshFor));
        }
        else
        {
            _cache.Remove(key);
        }

        return document;
    }

    /// <summary>Finds where <paramref name="chain"/> is fetched from, and the keys its entity publishes.</summary>
    /// <param name="chain">The chain, <c>gt://entity/chain</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The chain's git URL, branch and keys.</returns>
    /// <exception cref="DiscoveryException">No document, the document does not list the chain (<see cref="DiscoveryFailureKind.NotListed"/>), or it cannot be used.</exception>
    public async Task<DiscoveredChain> DiscoverChainAsync(GtUri chain, CancellationToken cancellationToken = default)
    {
        if (chain.IsDefault || chain.Kind != GtUriKind.Chain)
        {
            throw new ArgumentException($"'{chain}' is not a chain URI (gt://entity/chain).", nameof(chain));
        }

        var entity = chain.Entity;
        WellKnownDocument document;
        try
        {
            document = await GetDocumentAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscoveryException ex) when (ex.Failure == DiscoveryFailureKind.NotFound && entity.Kind == EntityKind.Person)
        {
            throw new DiscoveryException(DiscoveryFailureKind.NotFound, ex.Url, $"{entity.Domain} publishes no Gas Town document ({ex.Url} answered not found), so {chain} cannot be found from {entity}'s address. Give the chain's git URL instead.", ex);
        }

        var url = GetDocumentUrl(entity);
        if (entity.Kind == EntityKind.Person && document.FindPerson(entity) is null)
        {
            throw new DiscoveryException(DiscoveryFailureKind.NotListed, url, $"{entity.Domain} publishes a Gas Town document ({url}) but it lists nothing for {entity}, so {chain} cannot be discovered. Give the chain's git URL instead.");
        }

        var found = document.FindChain(entity, chain.Chain!)
            ?? throw new DiscoveryException(DiscoveryFailureKind.NotListed, url, $"{url} does not list the chain '{chain.Chain}' of {entity} (it lists: {Names(document, entity)}). Check the chain's name, or give its git URL.");
        if (!IsLoopback(url) && !IsNetworkGitUrl(found.Url))
        {
            throw new DiscoveryException(DiscoveryFailureKind.InvalidDocument, url, $"{url} gives {chain} the git URL '{Shorten(found.Url)}', which is a local path or an unencrypted URL; a document served from the network may only name https://, ssh:// or user@host:path URLs.");
        }

        return new DiscoveredChain(GtUri.ForChain(entity, found.Name), found.Url, found.Branch, document.KeysOf(entity), url);
    }

    internal static bool IsLoopback(Uri url)
        => url.IsLoopback || (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private void CheckScheme(Uri url)
    {
        if (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && IsLoopback(url)))
        {
            return;
        }

        throw new DiscoveryException(DiscoveryFailureKind.NotHttps, url, $"{url} is plain HTTP to a host that is not loopback; discovery trusts only HTTPS (plain HTTP is allowed to 127.0.0.1, ::1 and localhost for tests). Use an https:// base URL.");
    }

    private async Task<(WellKnownDocument Document, TimeSpan FreshFor)> DownloadAsync(Uri url, EntityId domain, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(HttpClientName);

        // The resilience pipeline's timeout (and the client's) bound the request up to its headers; the body is read after
        // SendAsync returns, outside both. One deadline over the whole download keeps DiscoveryOptions.Timeout a total:
        // a server that sends its headers and then a byte a second does not hold discovery for ever.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                throw new DiscoveryException(DiscoveryFailureKind.NotFound, url, $"{url} answered {(int)response.StatusCode}: {domain} publishes no Gas Town document. Give the chain's git URL instead.");
            }

            if (!response.IsSuccessStatusCode)
            {
                var redirect = (int)response.StatusCode is >= 300 and < 400 ? " (redirects are not followed: serve the document at this URL)" : "";
                throw new DiscoveryException(DiscoveryFailureKind.Unreachable, url, $"{url} answered HTTP {(int)response.StatusCode}{redirect}. Try again later, or give the chain's git URL.");
            }

            var max = _options.MaxDocumentBytes;
            if (response.Content.Headers.ContentLength is { } length && length > max)
            {
                throw new DiscoveryException(DiscoveryFailureKind.TooLarge, url, $"{url} is {length} bytes, larger than the {max} bytes a well-known document may be (DiscoveryOptions.MaxDocumentBytes); it was not read.");
            }

            var bytes = await ReadBoundedAsync(response.Content, max, url, deadline.Token).ConfigureAwait(false);
            var document = WellKnownDocument.Parse(bytes, max, url);
            if (document.Entity != domain)
            {
                throw new DiscoveryException(DiscoveryFailureKind.EntityMismatch, url, $"{url} speaks for '{document.Entity}', not for {domain}; a domain's document must name that domain. It was not used.");
            }

            return (document, FreshnessOf(response.Headers.CacheControl));
        }
        catch (TimeoutRejectedException ex)
        {
            throw TimedOut(url, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(url, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DiscoveryException(DiscoveryFailureKind.Unreachable, url, $"{url} could not be reached ({ServerText(ex)}). Try again later, or give the chain's git URL.", ex);
        }
        catch (IOException ex)
        {
            // HttpIOException: the body is read after SendAsync returned, so a connection closed before Content-Length
            // bytes, or a chunk size that is not hex, fails the read itself, outside the HttpRequestException above.
            throw new DiscoveryException(DiscoveryFailureKind.Unreachable, url, $"{url} broke off while sending the document ({ServerText(ex)}). Try again later, or give the chain's git URL.", ex);
        }
    }

    // HttpClient's messages quote what the server sent when it cannot read it (an invalid header or status line): someone
    // else's bytes, with the ESC, BEL and CR a terminal acts on, and as long as the server likes.
    private static string ServerText(Exception ex) => MessageText.Printable(ex.Message, MessageText.MaxCallerText);

    private DiscoveryException TimedOut(Uri url, Exception inner)
        => new(DiscoveryFailureKind.Timeout, url, $"{url} did not answer within {_options.Timeout.TotalSeconds:0.#} s (DiscoveryOptions.Timeout). Try again later, or give the chain's git URL.", inner);

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int max, Uri url, CancellationToken cancellationToken)
    {
        // Content-Length may be absent or lie: read at most max + 1 bytes, whatever the server says.
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(max + 1, 16 * 1024)];
            using var collected = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                collected.Write(buffer, 0, read);
                if (collected.Length > max)
                {
                    throw new DiscoveryException(DiscoveryFailureKind.TooLarge, url, $"{url} is larger than the {max} bytes a well-known document may be (DiscoveryOptions.MaxDocumentBytes); reading stopped.");
                }
            }

            return collected.ToArray();
        }
    }

    private TimeSpan FreshnessOf(CacheControlHeaderValue? cacheControl)
    {
        if (cacheControl is null || cacheControl.NoStore || cacheControl.NoCache || cacheControl.MaxAge is not { } maxAge || maxAge <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return maxAge < _options.MaxFreshness ? maxAge : _options.MaxFreshness;
    }

    internal static bool IsNetworkGitUrl(string url)
    {
        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // scp-like ssh (git@host:path): a user, an @, a host and a colon before any slash.
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var slash = url.IndexOf('/', StringComparison.Ordinal);
        return at > 0 && colon > at + 1 && (slash < 0 || colon < slash);
    }

    private static string Names(WellKnownDocument document, EntityId entity)
    {
        var chains = entity == document.Entity ? document.Chains : document.FindPerson(entity)?.Chains ?? [];
        return chains.Count == 0 ? "no chains" : string.Join(", ", chains.Take(10).Select(c => c.Name));
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
