namespace GasTown.Federation.Identity;

/// <summary>Why discovery of an entity's well-known document failed (<see cref="DiscoveryException.Failure"/>).</summary>
public enum DiscoveryFailureKind
{
    /// <summary>The domain serves no document (HTTP 404 or 410).</summary>
    NotFound = 1,

    /// <summary>The document exists but does not list what was asked for: the chain, or the person of that domain.</summary>
    NotListed = 2,

    /// <summary>The URL is plain HTTP to a host that is not loopback; only HTTPS is trusted.</summary>
    NotHttps = 3,

    /// <summary>The document is not valid: not JSON, a newer version, missing or malformed fields.</summary>
    InvalidDocument = 4,

    /// <summary>The document names another entity than the one asked for.</summary>
    EntityMismatch = 5,

    /// <summary>The document is larger than <see cref="DiscoveryOptions.MaxDocumentBytes"/>.</summary>
    TooLarge = 6,

    /// <summary>The server did not answer within <see cref="DiscoveryOptions.Timeout"/>.</summary>
    Timeout = 7,

    /// <summary>The server or network failed (connection refused, HTTP 5xx after retries, another status).</summary>
    Unreachable = 8,
}
