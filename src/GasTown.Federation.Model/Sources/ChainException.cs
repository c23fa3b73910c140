namespace GasTown.Federation.Model;

/// <summary>The base of the exceptions thrown while reading a chain: catch it to handle every chain failure in one place.</summary>
public class ChainException : FederationException
{
    /// <summary>Creates the exception with a message that says what was wrong and what to do.</summary>
    public ChainException(string message)
        : base(FederationErrorKind.RemoteFailure, message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public ChainException(string message, Exception? innerException)
        : base(FederationErrorKind.RemoteFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception with its kind, for the derived types that each report one kind of failure.</summary>
    /// <param name="kind">What kind of failure it is.</param>
    /// <param name="message">What went wrong, where, and what to do about it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected ChainException(FederationErrorKind kind, string message, Exception? innerException = null)
        : base(kind, message, innerException)
    {
    }
}
