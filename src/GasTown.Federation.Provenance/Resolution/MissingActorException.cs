namespace GasTown.Federation.Provenance;

/// <summary>Thrown when an operation must be attributed to an actor but none is configured.</summary>
public sealed class MissingActorException : FederationException
{
    internal const string DefaultMessage =
        "No actor is known for this operation, and the SDK never records work as 'unknown' (where bd would). The actor " +
        "comes from, first found: the explicit actor (ProvenanceOptions.Actor), the BEADS_ACTOR environment variable, " +
        "BD_ACTOR (older), git config user.name, or USER. An agent sets BEADS_ACTOR to its path (gastown/crew/joe); " +
        "a person can set git config user.name.";

    /// <summary>Creates the exception with a message that says how to configure an actor.</summary>
    public MissingActorException()
        : base(FederationErrorKind.InvalidInput, DefaultMessage)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public MissingActorException(string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a custom message and its cause.</summary>
    public MissingActorException(string message, Exception innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }
}
