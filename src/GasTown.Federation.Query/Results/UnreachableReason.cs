namespace GasTown.Federation.Query;

/// <summary>Why a query could not reach a work unit or a chain it needed.</summary>
public enum UnreachableReason
{
    /// <summary>The chain is neither the local town nor a registered remote. Register it as a remote (its gt:// URI and git URL) to follow the reference.</summary>
    NotRegistered = 1,

    /// <summary>Fetching the chain failed (network, authentication, missing repository).</summary>
    FetchFailed = 2,

    /// <summary>
    /// The chain is registered but has never been fetched, and the query does not fetch unless asked. Fetch it
    /// first, or run the query through <see cref="FederationQueries.WithFetch"/> with <see cref="Model.ChainFetchMode.IfMissing"/>.
    /// </summary>
    NeverFetched = 3,

    /// <summary>The fetched chain's <c>town.json</c> names another owner or town than the registered URI (possible spoofing); it was refused.</summary>
    IdentityMismatch = 4,

    /// <summary>The chain's files could not be read as a town.</summary>
    InvalidChain = 5,

    /// <summary>The chain was loaded but holds no work unit with that id (never exported, deleted, or private).</summary>
    UnknownId = 6,

    /// <summary>The reference text is neither a <c>gt://</c> URI, an <c>external:</c> reference nor a work id.</summary>
    InvalidReference = 7,

    /// <summary>The query already loaded as many chains as <see cref="QueryOptions.MaxChains"/> allows.</summary>
    ChainLimit = 8,

    /// <summary>Loading the chain failed with an unexpected error (the message says which); other chains still answer.</summary>
    LoadFailed = 9,

    /// <summary>
    /// The chain broke one of the limits on what a chain may hold (blob size, line length, work units); the message says
    /// which. The limits are Model's <see cref="Model.ChainLimits"/>; raise one only for data known to be genuine.
    /// </summary>
    LimitExceeded = 10,

    /// <summary>
    /// The entity's keys are known and the chain's snapshot is unsigned, signed by another key, or its signature does
    /// not verify, and no earlier snapshot passed; it was refused (the message says which). When the owner really changed
    /// keys, GitTransport's <c>TrustedKeyStore.AcceptSigner</c> accepts the new one, once checked with them.
    /// </summary>
    SignatureRefused = 11,
}
