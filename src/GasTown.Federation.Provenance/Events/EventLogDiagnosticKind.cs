namespace GasTown.Federation.Provenance;

/// <summary>What a reader found wrong in an event log.</summary>
public enum EventLogDiagnosticKind
{
    /// <summary>A complete line that is not a valid event; it is skipped, the rest of the log is read.</summary>
    MalformedLine = 1,

    /// <summary>
    /// The last line has no newline and is not a complete event: a writer was interrupted mid-append (or is still
    /// writing). Expected after a crash; not an error.
    /// </summary>
    TornTail = 2,

    /// <summary>The followed file became shorter than what was already read (rotated or truncated); reading restarted at its start.</summary>
    FileTruncated = 3,
}
