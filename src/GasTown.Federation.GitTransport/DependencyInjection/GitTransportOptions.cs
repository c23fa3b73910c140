using LibGit2Sharp.Handlers;

namespace GasTown.Federation.GitTransport;

/// <summary>Settings of the git transport, validated when the host starts.</summary>
public sealed class GitTransportOptions
{
    /// <summary>The town root (the folder holding <c>mayor/town.json</c>). Required.</summary>
    public string TownRoot { get; set; } = "";

    /// <summary>The federation repository folder.</summary>
    /// <value>The default value is <see langword="null"/>, meaning <c>&lt;TownRoot&gt;/federation/git</c>.</value>
    public string? RepositoryPath { get; set; }

    /// <summary>
    /// The longest a fetch may take before it is cancelled and reported as <see cref="FetchFailureKind.TimedOut"/>.
    /// When it fires, every process the fetch started (an <c>ssh … git-upload-pack</c>) is ended with it.
    /// </summary>
    /// <value>The default value is 2 minutes; at most <see cref="MaxFetchTimeout"/>.</value>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest <see cref="FetchTimeout"/> the options accept: 24 days, within what a timer can wait (a longer one
    /// failed only when the first fetch started, with "Specified argument was out of the range of valid values").
    /// </summary>
    public static readonly TimeSpan MaxFetchTimeout = TimeSpan.FromDays(24);

    /// <summary>
    /// The most remotes <see cref="ChainFetcher.FetchAllAsync"/> fetches at once. A fetch mostly waits on the network, so
    /// a federation's fetch takes about as long as its slowest few remotes instead of the sum of all of them (one silent
    /// remote costs <see cref="FetchTimeout"/> once, not once per remote after it). Each fetch checks its snapshot one
    /// at a time after its transfer, so memory stays that of one chain.
    /// </summary>
    /// <value>The default value is 4; 1 fetches one remote after another.</value>
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>The largest <see cref="MaxConcurrentFetches"/> the options accept.</summary>
    public const int MaxConcurrentFetchesLimit = 32;

    /// <summary>
    /// The largest object (a file as stored, inflated) a fetch may bring. A remote is a stranger's data, and a few
    /// megabytes of zeros compress to a pack of almost nothing that holds a gigabyte; a local remote (a path or
    /// <c>file://</c>), which libgit2 packs in this process reading each object whole, is checked before anything is
    /// transferred. Any other remote (git://, http, ssh) is checked entry by entry as its pack arrives, before libgit2
    /// inflates an entry or rebuilds a delta (each whole in memory; a delta can declare gigabytes in a pack of a
    /// megabyte): every object's declared size, a delta's instructions and result included, is read from the pack. A remote holding a larger object is not fetched (<see cref="FetchFailureKind.BudgetExceeded"/>,
    /// <see cref="RemoteFetchException.Budget"/>); its last fetched data stays.
    /// </summary>
    /// <value>The default value is <see cref="DefaultMaxFetchObjectBytes"/> (256 MiB); at least 1.</value>
    public long MaxFetchObjectBytes { get; set; } = DefaultMaxFetchObjectBytes;

    /// <summary>The default <see cref="MaxFetchObjectBytes"/>: 256 MiB, four times the largest file a chain is read from (Model's <c>ChainLimits.DefaultMaxBlobBytes</c>).</summary>
    public const long DefaultMaxFetchObjectBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The most bytes one fetch may receive (the pack as sent). The transfer is stopped when the remote sends more
    /// (<see cref="FetchFailureKind.BudgetExceeded"/>): nothing of it is kept and the last fetched data stays.
    /// </summary>
    /// <value>The default value is <see cref="DefaultMaxFetchBytes"/> (1 GiB); at least 1.</value>
    public long MaxFetchBytes { get; set; } = DefaultMaxFetchBytes;

    /// <summary>The default <see cref="MaxFetchBytes"/>: 1 GiB.</summary>
    public const long DefaultMaxFetchBytes = 1024L * 1024 * 1024;

    /// <summary>The longest a push may take before it is cancelled.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When a caller that allows it (<see cref="Model.ChainFetchMode.ProviderPolicy"/>) has a remote chain fetched before it is
    /// answered. Callers that do not allow it (the default, <see cref="Model.ChainFetchMode.Never"/>) never wait on
    /// the network, whatever this says.
    /// </summary>
    /// <value>The default value is <see cref="FetchPolicy.IfOlderThan"/> 15 minutes.</value>
    public FetchPolicy FetchPolicy { get; set; } = FetchPolicy.IfOlderThan(TimeSpan.FromMinutes(15));

    /// <summary>Supplies credentials to fetch and push (LibGit2Sharp's callback); never logged.</summary>
    /// <value>The default value is <see langword="null"/>: anonymous access.</value>
    public CredentialsHandler? CredentialsProvider { get; set; }

    /// <summary>The most parsed blobs (issues files, routes, relationships...) the content-addressed cache keeps.</summary>
    /// <remarks>
    /// Sets the capacity of the one <see cref="Model.ParsedBlobCache"/> of the service provider (Model registers it; the
    /// transport's registration replaces Model's default size with this one). A host that registers its own
    /// <see cref="Model.IParsedBlobCache"/> keeps it.
    /// </remarks>
    /// <value>The default value is 1024.</value>
    public int ParsedBlobCacheEntries { get; set; } = 1024;

    /// <summary>The most loaded chains (one per remote and commit) kept in memory.</summary>
    /// <value>The default value is 64.</value>
    public int ChainCacheEntries { get; set; } = 64;

    /// <summary>The age after which fetched data is reported stale (<see cref="Model.ChainNoticeKind.Stale"/>) in chain results.</summary>
    /// <value>The default value is 1 day.</value>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The OpenSSH private key (Ed25519, without passphrase) that signs published commits, in git's SSH signature
    /// format (<c>gpgsig</c>, namespace <c>git</c>), so that <c>git verify-commit</c> and other towns can check them.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: git's own setting in the federation repository's config (and the
    /// user's global config), <c>user.signingKey</c> when <c>gpg.format</c> is <c>ssh</c>; unsigned when neither is set.
    /// </value>
    public string? SigningKeyPath { get; set; }

    /// <summary>The path of the federation repository these options select.</summary>
    /// <returns><see cref="RepositoryPath"/>, or the default under <see cref="TownRoot"/>.</returns>
    public string ResolveRepositoryPath() => RepositoryPath ?? FederationRepository.DefaultPathFor(TownRoot);
}
