namespace GtFed.Cli;

/// <summary>
/// A failure as gtfed reports it: the exit code (README: 1 not found, 2 bad usage or input, 3 remote
/// or I/O failure), a kind a script can branch on, a message for a person and what to do next.
/// </summary>
internal sealed record CliError(int ExitCode, string Kind, string Message, string? Hint)
{
    public const string NotFound = "not_found";
    public const string InvalidInput = "invalid_input";
    public const string RemoteFailure = "remote_failure";
    public const string Refused = "refused";
    public const string Conflict = "conflict";
    public const string Cancelled = "cancelled";
    public const string Internal = "internal";
}
