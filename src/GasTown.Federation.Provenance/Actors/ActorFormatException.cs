namespace GasTown.Federation.Provenance;

/// <summary>
/// Thrown when a text cannot be an actor path or an actor pattern: it is empty, only white space, or contains a
/// control character. Every other text is a valid (possibly opaque) actor.
/// </summary>
public sealed class ActorFormatException : FederationException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public ActorFormatException(string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ActorFormatException(string message, Exception innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ActorFormatException()
        : base(FederationErrorKind.InvalidInput, "The text is not a valid actor path.")
    {
    }

    /// <summary>The zero-based position of the offending character, or -1 when the whole text is at fault.</summary>
    public int Position { get; init; } = -1;
}
