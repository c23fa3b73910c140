namespace GtFed.Cli;

/// <summary>
/// A failure gtfed reports to the user: a message that says what went wrong and what to do,
/// and the exit code it ends with. Command handlers throw it; <see cref="CommandRunner"/> prints it.
/// </summary>
internal sealed class GtFedException : Exception
{
    public GtFedException(int exitCode, string message, Exception? innerException = null, string? hint = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        Hint = hint;
    }

    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    /// <summary>The next thing to try, when the message does not say it already.</summary>
    public string? Hint { get; }

    public static GtFedException NotFound(string message, string? hint = null) => new(ExitCodes.NotFound, message, hint: hint);

    public static GtFedException BadInput(string message, Exception? inner = null, string? hint = null) => new(ExitCodes.BadInput, message, inner, hint);

    public static GtFedException RemoteOrIo(string message, Exception? inner = null) => new(ExitCodes.RemoteOrIo, message, inner);
}
