namespace GasTown.Federation.Identity;

/// <summary>
/// A key or signature could not be used: a key file in a format this SDK does not read (a passphrase-protected
/// key, an unsupported algorithm), a malformed signature, a signature that does not verify.
/// </summary>
public class IdentityException : FederationException
{
    /// <summary>Creates the exception (<see cref="FederationErrorKind.InvalidInput"/>).</summary>
    public IdentityException()
        : this("An identity operation failed.")
    {
    }

    /// <summary>Creates the exception with a message (<see cref="FederationErrorKind.InvalidInput"/>).</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    public IdentityException(string message)
        : this(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (<see cref="FederationErrorKind.InvalidInput"/>).</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public IdentityException(string message, Exception? innerException)
        : this(FederationErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates the exception with its kind.</summary>
    /// <param name="kind">What kind of failure it is.</param>
    /// <param name="message">What went wrong, where, and what to do.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public IdentityException(FederationErrorKind kind, string message, Exception? innerException = null)
        : base(kind, message, innerException)
    {
    }
}
