namespace GtFed.Cli;

/// <summary>
/// A failure gtfed reports to the user: a message that says what went wrong and what to do,
/// and the exit code it ends with. Command handlers throw it; <see cref="CommandRunner"/> prints it.
/// </summary>
internal sealed class GtFedException : Exception
{
    public GtFedException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    public static GtFedException NotFound(string message) => new(ExitCodes.NotFound, message);

    public static GtFedException BadInput(string message, Exception? inner = null) => new(ExitCodes.BadInput, message, inner);

    public static GtFedException RemoteOrIo(string message, Exception? inner = null) => new(ExitCodes.RemoteOrIo, message, inner);
}
