namespace GtFed.Cli;

/// <summary>gtfed's exit codes (DESIGN §9): scripts and tests depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>What was asked for does not exist: an unknown work unit, remote or chain.</summary>
    public const int NotFound = 1;

    /// <summary>Bad usage or bad input: an unknown option, a malformed URI, a missing town.</summary>
    public const int BadInput = 2;

    /// <summary>A remote or I/O operation failed: an unreachable URL, a lock that could not be had.</summary>
    public const int RemoteOrIo = 3;
}
