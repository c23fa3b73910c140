namespace GasTown.Federation.Model;

/// <summary>
/// This process may not write a town's file: the town's folder is read-only, on a read-only file system, or owned by
/// another user (a town shared with a web server's account, say). Thrown by a change of the town (its writer, its event
/// log) before anything is written, in place of the <see cref="UnauthorizedAccessException"/> or
/// <see cref="IOException"/> the file system gave (<see cref="Exception.InnerException"/>). Nothing was changed.
/// </summary>
public sealed class TownFileAccessException : FederationException
{
    // EPERM, EACCES and EROFS: the same numbers on Linux and macOS, which .NET and the SDK's own calls into libc put in
    // an IOException's HResult when they have no better type for them.
    private static readonly int[] RefusalErrnos = [1, 13, 30];

    private TownFileAccessException(string path, string message, Exception innerException)
        : base(FederationErrorKind.RemoteFailure, message, innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TownFileAccessException()
        : base(FederationErrorKind.RemoteFailure, "This process may not write the town's files. Nothing was changed.")
    {
        Path = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public TownFileAccessException(string message)
        : base(FederationErrorKind.RemoteFailure, message)
    {
        Path = "";
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TownFileAccessException(string message, Exception? innerException)
        : base(FederationErrorKind.RemoteFailure, message, innerException)
    {
        Path = "";
    }

    /// <summary>The file that could not be written; empty when not known.</summary>
    public string Path { get; }

    /// <summary>The exception for <paramref name="path"/>, the file a change of the town could not open for writing.</summary>
    /// <param name="path">The file (or the lock file) the change needed to write.</param>
    /// <param name="innerException">What the file system said.</param>
    internal static TownFileAccessException For(string path, Exception innerException) => new(
        path,
        $"This process may not write {path} ({innerException.Message.TrimEnd('.')}): the town's folder is read-only, on a read-only file system, or owned by another user. Make it writable for this user, or run as the town's owner. Nothing was changed.",
        innerException);

    /// <summary>
    /// Whether <paramref name="failure"/> is the file system refusing this process (no permission, a read-only mount), not
    /// a full or failing disk, a missing folder or a file held by another writer: the one rule every writer of the town applies.
    /// </summary>
    internal static bool IsRefusal(Exception failure)
        => failure is UnauthorizedAccessException
           || (failure is IOException io && !OperatingSystem.IsWindows() && Array.IndexOf(RefusalErrnos, io.HResult) >= 0);
}
