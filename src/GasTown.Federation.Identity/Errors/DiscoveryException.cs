namespace GasTown.Federation.Identity;

/// <summary>Discovering an entity's chains and keys from its domain failed; <see cref="Failure"/> says why.</summary>
public class DiscoveryException : FederationException
{
    /// <summary>Creates the exception (<see cref="DiscoveryFailureKind.Unreachable"/>).</summary>
    public DiscoveryException()
        : this("Discovery failed.")
    {
    }

    /// <summary>Creates the exception with a message (<see cref="DiscoveryFailureKind.Unreachable"/>).</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    public DiscoveryException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause (<see cref="DiscoveryFailureKind.Unreachable"/>).</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public DiscoveryException(string message, Exception? innerException)
        : this(DiscoveryFailureKind.Unreachable, null, message, innerException)
    {
    }

    /// <summary>Creates the exception for one failure of one URL.</summary>
    /// <param name="failure">Why discovery failed.</param>
    /// <param name="url">The document's URL, when known.</param>
    /// <param name="message">What went wrong, where, and what to do.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public DiscoveryException(DiscoveryFailureKind failure, Uri? url, string message, Exception? innerException = null)
        : base(KindOf(failure), message, innerException)
    {
        Failure = failure;
        Url = url;
    }

    /// <summary>Why discovery failed.</summary>
    public DiscoveryFailureKind Failure { get; }

    /// <summary>The document's URL, when known.</summary>
    public Uri? Url { get; }

    private static FederationErrorKind KindOf(DiscoveryFailureKind failure) => failure switch
    {
        DiscoveryFailureKind.NotFound or DiscoveryFailureKind.NotListed => FederationErrorKind.NotFound,
        DiscoveryFailureKind.NotHttps or DiscoveryFailureKind.EntityMismatch or DiscoveryFailureKind.TooLarge => FederationErrorKind.Refused,
        DiscoveryFailureKind.InvalidDocument => FederationErrorKind.InvalidInput,
        _ => FederationErrorKind.RemoteFailure,
    };
}
