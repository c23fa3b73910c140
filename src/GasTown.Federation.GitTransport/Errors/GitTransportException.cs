namespace GasTown.Federation.GitTransport;

/// <summary>
/// The root of every error the git transport raises on purpose. Catch this type to handle any
/// transport failure; catch a derived type to react to one cause (an unknown remote, a failed
/// fetch, a refused tree entry...). The LibGit2Sharp exception that caused it, if any, is kept as
/// <see cref="Exception.InnerException"/>.
/// </summary>
public class GitTransportException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public GitTransportException()
        : base("The Gas Town git transport failed.")
    {
    }

    /// <summary>Creates the exception with a message that says what went wrong and what to do.</summary>
    /// <param name="message">What went wrong, where, and what to do about it.</param>
    public GitTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong, where, and what to do about it.</param>
    /// <param name="innerException">The underlying failure (often a LibGit2Sharp exception).</param>
    public GitTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
