namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when a push cannot reach the remote or fails in transit (bad URL, host down, refused
/// credentials). The local published branch is intact; push again when the remote is reachable.
/// </summary>
public sealed class RemotePushException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RemotePushException()
        : base(FederationErrorKind.RemoteFailure, "Pushing to the remote failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed and what to do.</param>
    public RemotePushException(string message)
        : base(FederationErrorKind.RemoteFailure, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RemotePushException(string message, Exception? innerException)
        : base(FederationErrorKind.RemoteFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception for one remote.</summary>
    /// <param name="remoteName">The remote pushed to.</param>
    /// <param name="url">Its URL.</param>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RemotePushException(string remoteName, string url, string message, Exception? innerException)
        : base(FederationErrorKind.RemoteFailure, message, innerException)
    {
        RemoteName = remoteName;
        Url = url;
    }

    /// <summary>The remote pushed to.</summary>
    public string? RemoteName { get; }

    /// <summary>The URL pushed to.</summary>
    public string? Url { get; }
}
