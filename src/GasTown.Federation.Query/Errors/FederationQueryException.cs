namespace GasTown.Federation.Query;

/// <summary>
/// Thrown when a query cannot answer at all: what was asked for does not exist, the input is malformed,
/// or the one chain that holds the answer is unavailable. The message says what to do.
/// </summary>
public sealed class FederationQueryException : FederationException
{
    private readonly UnreachableReason? _reason;

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

    /// <summary>The kind of failure the query met; <see cref="FederationException.ErrorKind"/> is what a host maps.</summary>
    public FederationQueryError Error { get; }

    /// <summary>The reference, URI or name the query was about, when known.</summary>
    public string? Target { get; }

    /// <summary>
    /// The chain that held the answer and could not be read, or was read and has no such work unit (with
    /// <see cref="Reason"/>); null when the failure is not one chain's. A host looks up the remote that serves it
    /// (<c>RemoteRegistry.TryFindByChain</c>) to say what to do about that remote, e.g. fetch it, or wait for its owner to
    /// publish when it was fetched and has nothing to read.
    /// </summary>
    public GtUri? Chain { get; init; }

    /// <summary>
    /// The unreachable reason when <see cref="Error"/> is <see cref="FederationQueryError.Unavailable"/>; for
    /// <see cref="FederationQueryError.NotFound"/>, <see cref="UnreachableReason.UnknownId"/> when the chain was read and has no
    /// work unit of that id (a show or a project listing), so a host can offer a way to find the id.
    /// </summary>
    /// <remarks>
    /// For an unavailable chain it also decides <see cref="FederationException.ErrorKind"/>: a chain nobody registered
    /// (<see cref="UnreachableReason.NotRegistered"/>) is <see cref="FederationErrorKind.NotFound"/>; one refused to protect
    /// the reader (<see cref="UnreachableReason.IdentityMismatch"/>, <see cref="UnreachableReason.SignatureRefused"/>) or
    /// over a limit (<see cref="UnreachableReason.LimitExceeded"/>, <see cref="UnreachableReason.ChainLimit"/>) is
    /// <see cref="FederationErrorKind.Refused"/>; a fetch that failed or never happened, or files that could not be read,
    /// are <see cref="FederationErrorKind.RemoteFailure"/>.
    /// </remarks>
    public UnreachableReason? Reason
    {
        get => _reason;
        init
        {
            _reason = value;
            if (Error == FederationQueryError.Unavailable && value is { } reason)
            {
                ErrorKind = ToKind(reason);
            }
        }
    }

    // NotFound and BadInput keep their meaning; a chain that cannot be read is a remote failure unless its reason says otherwise.
    private static FederationErrorKind ToKind(FederationQueryError error) => error switch
    {
        FederationQueryError.NotFound => FederationErrorKind.NotFound,
        FederationQueryError.BadInput => FederationErrorKind.InvalidInput,
        _ => FederationErrorKind.RemoteFailure,
    };

    // "Retry later" only where a later try can succeed: a chain nobody registered never appears by itself, and a refused
    // identity, signature or size is the SDK protecting the reader, which retrying does not change.
    private static FederationErrorKind ToKind(UnreachableReason reason) => reason switch
    {
        UnreachableReason.NotRegistered or UnreachableReason.UnknownId => FederationErrorKind.NotFound,
        UnreachableReason.IdentityMismatch or UnreachableReason.SignatureRefused => FederationErrorKind.Refused,
        UnreachableReason.LimitExceeded or UnreachableReason.ChainLimit => FederationErrorKind.Refused,
        UnreachableReason.InvalidReference => FederationErrorKind.InvalidInput,
        _ => FederationErrorKind.RemoteFailure,
    };
}
