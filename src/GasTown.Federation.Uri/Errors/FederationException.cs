namespace GasTown.Federation;

/// <summary>
/// The root of every exception the SDK throws on purpose, in every package. A host catches this one
/// type and maps <see cref="ErrorKind"/> once (to an exit code, an HTTP status, a retry); the derived
/// types carry the details of one cause (which remote, which position, which file).
/// </summary>
/// <remarks>
/// Messages say what was wrong, where, which step and SDK call failed, and what a caller can change.
/// They never name a command of a particular front end: a host adds its own advice for the kind.
/// Argument validation of programming errors (null arguments) still throws the BCL's
/// <see cref="ArgumentException"/> family, as .NET APIs do.
/// </remarks>
public class FederationException : Exception
{
    /// <summary>Creates the exception with a generic message (<see cref="FederationErrorKind.InvalidInput"/>).</summary>
    public FederationException()
        : this(FederationErrorKind.InvalidInput, "A Gas Town federation operation failed.")
    {
    }

    /// <summary>Creates the exception with a message (<see cref="FederationErrorKind.InvalidInput"/>).</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    public FederationException(string message)
        : this(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (<see cref="FederationErrorKind.InvalidInput"/>).</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public FederationException(string message, Exception? innerException)
        : this(FederationErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates the exception with its kind, a message and optionally a cause.</summary>
    /// <param name="kind">What kind of failure it is.</param>
    /// <param name="message">What went wrong, where, and what to do.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public FederationException(FederationErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorKind = kind;
    }

    /// <summary>What kind of failure this is; hosts map it once instead of matching every derived type.</summary>
    /// <remarks>
    /// Set by the constructor; a derived type whose own details decide the kind (a query's reason for an unavailable
    /// chain) sets it as it is initialised, so the kind a host maps always agrees with those details.
    /// </remarks>
    public FederationErrorKind ErrorKind { get; protected init; }
}
