namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when a push of the published branch is refused by the remote because its branch has
/// commits we do not have (a non-fast-forward), or for a reason the remote states. Nothing was
/// changed on the remote. Fetch it, find out who else publishes there, and push to a branch that
/// only this town writes.
/// </summary>
public sealed class PushRejectedException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public PushRejectedException()
        : base(FederationErrorKind.Conflict, "The remote refused the push.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was refused and what to do.</param>
    public PushRejectedException(string message)
        : base(FederationErrorKind.Conflict, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was refused and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public PushRejectedException(string message, Exception? innerException)
        : base(FederationErrorKind.Conflict, message, innerException)
    {
    }

    /// <summary>Creates the exception for one remote.</summary>
    /// <param name="remoteName">The remote pushed to.</param>
    /// <param name="url">Its URL.</param>
    /// <param name="message">What was refused and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public PushRejectedException(string remoteName, string url, string message, Exception? innerException)
        : base(FederationErrorKind.Conflict, message, innerException)
    {
        RemoteName = remoteName;
        Url = url;
    }

    /// <summary>The remote pushed to.</summary>
    public string? RemoteName { get; }

    /// <summary>The URL pushed to.</summary>
    public string? Url { get; }
}
