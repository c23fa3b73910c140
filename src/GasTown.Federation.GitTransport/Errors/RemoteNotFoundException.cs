namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when an operation names a remote that is not registered in the town's federation
/// repository. List the remotes (<see cref="RemoteRegistry.List"/>) or register it first.
/// </summary>
public sealed class RemoteNotFoundException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RemoteNotFoundException()
        : base(FederationErrorKind.NotFound, "The remote is not registered.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which remote and what to do.</param>
    public RemoteNotFoundException(string message)
        : base(FederationErrorKind.NotFound, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">Which remote and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RemoteNotFoundException(string message, Exception? innerException)
        : base(FederationErrorKind.NotFound, message, innerException)
    {
    }

    /// <summary>Creates the exception for an unknown remote name.</summary>
    /// <param name="remoteName">The name that is not registered.</param>
    /// <param name="repositoryPath">The federation repository that was searched.</param>
    public RemoteNotFoundException(string remoteName, string repositoryPath)
        : base(FederationErrorKind.NotFound, $"No remote named '{remoteName}' is registered in {repositoryPath}. Register it first (RemoteRegistry.Add), or check the name against the registered remotes (RemoteRegistry.List).")
    {
        RemoteName = remoteName;
    }

    /// <summary>The remote name that is not registered.</summary>
    public string? RemoteName { get; }
}
