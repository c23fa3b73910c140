namespace GasTown.Federation.Query;

/// <summary>
/// Thrown when a query cannot answer at all: what was asked for does not exist, the input is malformed,
/// or the one chain that holds the answer is unavailable. The message says what to do.
/// </summary>
public sealed class FederationQueryException : FederationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The kind of failure.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="target">The reference, URI or name the query was about.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public FederationQueryException(FederationQueryError error, string message, string? target = null, Exception? innerException = null)
        : base(ToKind(error), message, innerException)
    {
        Error = error;
        Target = target;
    }

    /// <summary>Creates the exception with a message only (<see cref="FederationQueryError.BadInput"/>).</summary>
    public FederationQueryException()
        : this(FederationQueryError.BadInput, "The federated query failed.")
    {
    }

    /// <summary>Creates the exception with a message only (<see cref="FederationQueryError.BadInput"/>).</summary>
    /// <param name="message">What went wrong.</param>
    public FederationQueryException(string message)
        : this(FederationQueryError.BadInput, message)
    {
    }

    /// <summary>Creates the exception with a message and cause (<see cref="FederationQueryError.BadInput"/>).</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public FederationQueryException(string message, Exception innerException)
        : this(FederationQueryError.BadInput, message, null, innerException)
    {
    }

    /// <summary>The kind of failure, which the gtfed CLI maps to its exit code.</summary>
    public FederationQueryError Error { get; }

    /// <summary>The reference, URI or name the query was about, when known.</summary>
    public string? Target { get; }

    /// <summary>The unreachable reason when <see cref="Error"/> is <see cref="FederationQueryError.Unavailable"/>.</summary>
    public UnreachableReason? Reason { get; init; }

    // NotFound and BadInput keep their meaning; a chain that cannot be read is a remote failure.
    private static FederationErrorKind ToKind(FederationQueryError error) => error switch
    {
        FederationQueryError.NotFound => FederationErrorKind.NotFound,
        FederationQueryError.BadInput => FederationErrorKind.InvalidInput,
        _ => FederationErrorKind.RemoteFailure,
    };
}
