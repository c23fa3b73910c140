namespace GasTown.Federation.GitTransport;

/// <summary>Why a fetch failed, so that callers can react without parsing messages.</summary>
public enum FetchFailureKind
{
    /// <summary>A failure that fits none of the other kinds; see the inner exception.</summary>
    Other = 0,

    /// <summary>The remote could not be reached or is not a git repository (bad URL, host down, repository deleted).</summary>
    Unreachable = 1,

    /// <summary>The remote refused the credentials, or asked for credentials and none were configured.</summary>
    AuthenticationFailed = 2,

    /// <summary>The fetch did not finish within <see cref="GitTransportOptions.FetchTimeout"/>.</summary>
    TimedOut = 3,

    /// <summary>The local federation repository could not be written (a lock file held by another process).</summary>
    LocalRepositoryLocked = 4,
}
