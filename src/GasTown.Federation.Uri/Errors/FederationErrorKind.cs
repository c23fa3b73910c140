namespace GasTown.Federation;

/// <summary>
/// What kind of failure a <see cref="FederationException"/> reports: the one fact a host needs to
/// decide what to tell its user (an exit code, an HTTP status, a retry), whichever package threw.
/// </summary>
public enum FederationErrorKind
{
    /// <summary>What was asked for does not exist: a work unit, a remote, a rig, a chain nobody registered.</summary>
    NotFound = 1,

    /// <summary>The input could not be used as given: a malformed URI, actor, payload, option or file; fix it and retry.</summary>
    InvalidInput = 2,

    /// <summary>A remote, the network or the disk failed (fetch, push, read): the same call may work later.</summary>
    RemoteFailure = 3,

    /// <summary>The SDK declined on purpose to protect data: a spoofed identity, a path that escapes, an unsafe publication.</summary>
    Refused = 4,

    /// <summary>The operation clashes with existing state or another writer: a name already taken, a held lock, a rejected push.</summary>
    Conflict = 5,
}
