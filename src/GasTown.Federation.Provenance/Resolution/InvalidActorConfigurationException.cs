namespace GasTown.Federation.Provenance;

/// <summary>
/// Thrown when a configured actor (an option or an environment variable) is not one of the accepted actor shapes
/// (<see cref="ActorNameRule"/>), for example because it holds a newline or a '!'. The message names the source.
/// </summary>
public sealed class InvalidActorConfigurationException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorConfigurationException(string source, string message)
        : base(FederationErrorKind.InvalidInput, $"The actor configured in {source} is not valid: {message}")
    {
        ConfigurationSource = source;
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidActorConfigurationException()
        : base(FederationErrorKind.InvalidInput, "The configured actor is not valid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidActorConfigurationException(string message)
        : base(FederationErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InvalidActorConfigurationException(string message, Exception innerException)
        : base(FederationErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>Where the invalid actor was configured, for example <c>the BD_ACTOR environment variable</c>.</summary>
    public string? ConfigurationSource { get; }
}
