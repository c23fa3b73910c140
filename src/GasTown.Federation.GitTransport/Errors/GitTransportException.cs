namespace GasTown.Federation.GitTransport;

/// <summary>
/// The root of every error the git transport raises on purpose. Catch this type to handle any
/// transport failure; catch a derived type to react to one cause (an unknown remote, a failed
/// fetch, a refused tree entry...). The LibGit2Sharp exception that caused it, if any, is kept as
/// <see cref="Exception.InnerException"/>.
/// </summary>
public class GitTransportException : FederationException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public GitTransportException()
        : base(FederationErrorKind.RemoteFailure, "The Gas Town git transport failed.")
    {
    }

    /// <summary>Creates the exception with a message that says what went wrong and what to do.</summary>
    /// <param name="message">What went wrong, where, and what to do about it.</param>
    public GitTransportException(string message)
        : base(FederationErrorKind.RemoteFailure, message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong, where, and what to do about it.</param>
    /// <param name="innerException">The underlying failure (often a LibGit2Sharp exception).</param>
    public GitTransportException(string message, Exception? innerException)
        : base(FederationErrorKind.RemoteFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception with its kind, for the derived types that each report one kind of failure.</summary>
    /// <param name="kind">What kind of failure it is.</param>
    /// <param name="message">What went wrong, where, and what to do about it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected GitTransportException(FederationErrorKind kind, string message, Exception? innerException = null)
        : base(kind, message, innerException)
    {
    }

    /// <summary>An error of the transport itself (not of one of the derived causes) with its own kind: a held lock, a refused open.</summary>
    internal static GitTransportException WithKind(FederationErrorKind kind, string message, Exception? innerException) => new(kind, message, innerException);
}
