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

    /// <summary>
    /// The transfer worked, but the fetched snapshot was refused (it names another owner or town, breaks a limit, or
    /// cannot be read): see <see cref="RemoteFetchException.RefusedRevision"/> and <see cref="RemoteFetchException.RefusalReason"/>.
    /// Queries answer from the last snapshot that passed, if any.
    /// </summary>
    SnapshotRefused = 5,

    /// <summary>
    /// The remote would have brought more than a fetch's budget allows (an object larger than
    /// <see cref="GitTransportOptions.MaxFetchObjectBytes"/>, or more than <see cref="GitTransportOptions.MaxFetchBytes"/>
    /// received): see <see cref="RemoteFetchException.Budget"/>. Nothing of the transfer is kept; queries answer from the
    /// last fetch.
    /// </summary>
    BudgetExceeded = 6,

    /// <summary>
    /// The remote was reached but no longer publishes the branch its chain is read from (the branch was deleted, or the
    /// repository emptied): its publisher withdrew it. The snapshot fetched last is kept, and queries answer from it
    /// saying so (<see cref="RegisteredRemote.LastFetchFailure"/>).
    /// </summary>
    NotPublished = 7,
}
