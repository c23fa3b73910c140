namespace GasTown.Federation.Provenance;

/// <summary>
/// Thrown when an append could not take the event log's cross-process lock within
/// <see cref="ProvenanceOptions.LockTimeout"/>. Nothing was written.
/// </summary>
public sealed class EventLogLockTimeoutException : FederationException
{
    /// <summary>Creates the exception for a lock file, the time waited and, if known, the holder.</summary>
    public EventLogLockTimeoutException(string lockPath, TimeSpan waited, string? holder)
        : base(FederationErrorKind.Conflict, 
            $"Timed out after {waited.TotalSeconds:0.###} s waiting for the event log lock '{lockPath}', held by " +
            $"{holder ?? "another process (unknown)"}. Nothing was written. If that process is stuck, stop it; " +
            "a lock held by a process that has exited is released by the kernel, so no file needs deleting. " +
            "Raise ProvenanceOptions.LockTimeout to wait longer.")
    {
        LockPath = lockPath;
        Waited = waited;
        Holder = holder;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public EventLogLockTimeoutException()
        : base(FederationErrorKind.Conflict, "Timed out waiting for the event log lock.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventLogLockTimeoutException(string message)
        : base(FederationErrorKind.Conflict, message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public EventLogLockTimeoutException(string message, Exception innerException)
        : base(FederationErrorKind.Conflict, message, innerException)
    {
    }

    /// <summary>The lock file, <c>&lt;town&gt;/.events.jsonl.lock</c>.</summary>
    public string? LockPath { get; }

    /// <summary>How long the append waited.</summary>
    public TimeSpan Waited { get; }

    /// <summary>The process holding the lock, for example <c>pid 4242 (flock)</c>, when the system tells; else <see langword="null"/>.</summary>
    public string? Holder { get; }
}
