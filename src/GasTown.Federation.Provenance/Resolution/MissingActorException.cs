namespace GasTown.Federation.Provenance;

/// <summary>Thrown when an operation must be attributed to an actor but none is configured.</summary>
public sealed class MissingActorException : FederationException
{
    internal const string DefaultMessage =
        "No actor is configured, and Gas Town never records an operation without one. Set the BEADS_ACTOR environment " +
        "variable (or the older BD_ACTOR) to the agent's path, for example BEADS_ACTOR=gastown/crew/joe, or set " +
        "ProvenanceOptions.Actor (services.AddGasTownFederationProvenance(o => o.Actor = \"gastown/crew/joe\")).";

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
