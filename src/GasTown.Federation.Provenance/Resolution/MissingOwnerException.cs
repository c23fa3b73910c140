namespace GasTown.Federation.Provenance;

/// <summary>Thrown when an operation needs the owner's email but none is configured.</summary>
public sealed class MissingOwnerException : FederationException
{
    internal const string DefaultMessage =
        "No owner email is configured. Set ProvenanceOptions.Owner, the GIT_AUTHOR_EMAIL environment variable, or " +
        "ProvenanceOptions.TownOwner (the 'owner' of the town's mayor/town.json).";

    /// <summary>Creates the exception with a message that says how to configure an owner.</summary>
    public MissingOwnerException()
        : base(FederationErrorKind.InvalidInput, DefaultMessage)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public MissingOwnerException(string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a custom message and its cause.</summary>
    public MissingOwnerException(string message, Exception innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }
}
