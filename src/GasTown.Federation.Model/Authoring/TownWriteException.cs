namespace GasTown.Federation.Model;

/// <summary>
/// Thrown by <see cref="TownWriter"/> when a change cannot be made. Nothing was written. The message says what was
/// wrong, where, and what would be accepted; <see cref="Error"/> says which kind of failure it is.
/// </summary>
public sealed class TownWriteException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public TownWriteException(TownWriteError error, string message, Exception? innerException = null)
        : base(ToKind(error), message, innerException)
    {
        Error = error;
    }

    private static FederationErrorKind ToKind(TownWriteError error) => error switch
    {
        TownWriteError.NotFound => FederationErrorKind.NotFound,
        TownWriteError.Conflict => FederationErrorKind.Conflict,
        _ => FederationErrorKind.InvalidInput,
    };

    /// <summary>Creates the exception with a message (kind <see cref="TownWriteError.InvalidInput"/>).</summary>
    public TownWriteException(string message)
        : this(TownWriteError.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and its cause (kind <see cref="TownWriteError.InvalidInput"/>).</summary>
    public TownWriteException(string message, Exception innerException)
        : this(TownWriteError.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TownWriteException()
        : this(TownWriteError.InvalidInput, "The town could not be changed.")
    {
    }

    /// <summary>The kind of failure.</summary>
    public TownWriteError Error { get; }
}
