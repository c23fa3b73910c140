namespace GasTown.Federation.GitTransport;

/// <summary>
/// Thrown when fetching a registered remote fails. It names the remote and its URL and says what
/// to do; the refs of the last successful fetch are left as they were (git moves refs only once
/// a fetch has completed), so queries keep answering from that data.
/// </summary>
public sealed class RemoteFetchException : GitTransportException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RemoteFetchException()
        : base(FederationErrorKind.RemoteFailure, "Fetching the remote failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed and what to do.</param>
    public RemoteFetchException(string message)
        : base(FederationErrorKind.RemoteFailure, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RemoteFetchException(string message, Exception? innerException)
        : base(FederationErrorKind.RemoteFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception for one remote.</summary>
    /// <param name="remoteName">The remote that was fetched.</param>
    /// <param name="url">The URL it was fetched from.</param>
    /// <param name="kind">Why it failed.</param>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The underlying failure (often a LibGit2Sharp exception).</param>
    public RemoteFetchException(string remoteName, string url, FetchFailureKind kind, string message, Exception? innerException)
        : base(FederationErrorKind.RemoteFailure, message, innerException)
    {
        RemoteName = remoteName;
        Url = url;
        Kind = kind;
    }

    /// <summary>The registered name of the remote that failed.</summary>
    public string? RemoteName { get; }

    /// <summary>The URL the fetch used.</summary>
    public string? Url { get; }

    /// <summary>Why the fetch failed.</summary>
    public FetchFailureKind Kind { get; }

    /// <summary>For <see cref="FetchFailureKind.SnapshotRefused"/>: the commit that was fetched and refused.</summary>
    public string? RefusedRevision { get; init; }

    /// <summary>For <see cref="FetchFailureKind.SnapshotRefused"/>: why it was refused, as queries report it.</summary>
    public Model.ChainUnavailableReason? RefusalReason { get; init; }

    /// <summary>For <see cref="FetchFailureKind.BudgetExceeded"/>: the budget broken, its value and what the remote would have brought.</summary>
    public FetchBudgetBreach? Budget { get; init; }
}
