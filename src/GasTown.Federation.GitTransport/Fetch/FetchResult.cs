namespace GasTown.Federation.GitTransport;

/// <summary>The outcome of fetching one remote.</summary>
/// <param name="RemoteName">The remote fetched.</param>
/// <param name="Url">Its URL (a password written into it shown as <c>***</c>).</param>
/// <param name="FetchedAt">When the fetch finished (also recorded as <c>remote.&lt;name&gt;.gtFetchedAt</c>) or, for a failure, when it failed.</param>
/// <param name="UpdatedRefs">How many tracking refs moved.</param>
/// <param name="ReceivedObjects">How many objects were received.</param>
/// <param name="Error">For <see cref="ChainFetcher.FetchAllAsync"/>: the failure of this remote, or <see langword="null"/> when it succeeded.</param>
public sealed record FetchResult(
    string RemoteName,
    string Url,
    DateTimeOffset FetchedAt,
    int UpdatedRefs,
    int ReceivedObjects,
    RemoteFetchException? Error = null)
{
    /// <summary>
    /// Who signed the snapshot the fetch accepted, and how far that proves the chain (through an agent's grant, when
    /// <see cref="SnapshotSignature.Agent"/> is set); null when its tip is unsigned, nothing was published, or it failed.
    /// </summary>
    public SnapshotSignature? TipSignature { get; init; }

    /// <summary>
    /// Whether the remote was reached but publishes no branch its chain is read from, and never did: nothing was fetched,
    /// and queries say the chain has nothing to read yet. Its owner has not published (or the remote was registered with
    /// the wrong branch); fetching again after they publish reads it. A remote that withdrew a branch it published before
    /// fails instead (<see cref="FetchFailureKind.NotPublished"/>).
    /// </summary>
    public bool NothingPublished { get; init; }

    /// <summary>Whether the fetch succeeded.</summary>
    public bool Succeeded => Error is null;
}
