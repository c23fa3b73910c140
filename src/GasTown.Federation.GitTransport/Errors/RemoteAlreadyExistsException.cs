namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when a remote is registered under a name that is already taken, or for a chain that
/// another remote already serves. Remove the existing remote first, or pick another name.
/// </summary>
public sealed class RemoteAlreadyExistsException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RemoteAlreadyExistsException()
        : base(FederationErrorKind.Conflict, "A remote with this name or chain is already registered.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What clashed and what to do.</param>
    public RemoteAlreadyExistsException(string message)
        : base(FederationErrorKind.Conflict, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What clashed and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RemoteAlreadyExistsException(string message, Exception? innerException)
        : base(FederationErrorKind.Conflict, message, innerException)
    {
    }

    /// <summary>Creates the exception for a clash with an existing remote.</summary>
    /// <param name="remoteName">The name that was asked for.</param>
    /// <param name="existingRemoteName">The registered remote it clashes with.</param>
    /// <param name="message">What clashed and what to do.</param>
    public RemoteAlreadyExistsException(string remoteName, string existingRemoteName, string message)
        : base(FederationErrorKind.Conflict, message)
    {
        RemoteName = remoteName;
        ExistingRemoteName = existingRemoteName;
    }

    /// <summary>The name of the remote that could not be added.</summary>
    public string? RemoteName { get; }

    /// <summary>The already registered remote that has the same name or serves the same chain.</summary>
    public string? ExistingRemoteName { get; }
}
