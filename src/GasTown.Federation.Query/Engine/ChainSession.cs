using GasTown.Federation.Model;
using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Query;

/// <summary>
/// The chains one query has asked for: loads each at most once through <see cref="IChainProvider"/> (with the
/// query's <see cref="ChainFetchMode"/>: never fetching unless the caller asked), counts them against
/// <see cref="QueryOptions.MaxChains"/>, and remembers failures so a walk reports them instead of retrying.
/// A chain that fails to load, by result or by exception, is reported as unreachable and never fails the
/// answers of the other chains. Not shared between queries (each query sees one consistent set).
/// </summary>
internal sealed class ChainSession
{
    private readonly IChainProvider provider;
    private readonly QueryOptions options;
    private readonly ChainFetchMode fetch;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Dictionary<GtUri, ChainAttempt> attempts = [];
    private readonly List<ChainAttempt> order = [];
    private readonly List<Chain> loaded = [];

    // How far each loaded chain's identity is proven by keys (null: its provider does not judge signatures).
    private readonly Dictionary<GtUri, IdentityProof?> proofs = [];
    private IReadOnlyList<KnownChain>? known;
    private FederationSnapshot? snapshot;
    private IReadOnlyList<RelationshipClaim>? claims;
    private int requested;
    private bool chainLimitHit;

    public ChainSession(IChainProvider provider, QueryOptions options, ChainFetchMode fetch, ILogger logger, TimeProvider time)
    {
        this.provider = provider;
        this.options = options;
        this.fetch = fetch;
        this.logger = logger;
        this.time = time;
    }

    /// <summary>The chains loaded so far, in load order.</summary>
    public IReadOnlyList<Chain> Loaded => loaded;

    /// <summary>Every attempt so far, failed ones included.</summary>
    public IEnumerable<ChainAttempt> Attempts => attempts.Values;

    public async ValueTask<IReadOnlyList<KnownChain>> GetKnownChainsAsync(CancellationToken cancellationToken)
    {
        known ??= await provider.GetKnownChainsAsync(cancellationToken).ConfigureAwait(false);
        return known;
    }

    /// <summary>The local town, or null when the provider knows none.</summary>
    public async ValueTask<KnownChain?> GetLocalChainAsync(CancellationToken cancellationToken) =>
        (await GetKnownChainsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => k.IsLocal);

    public bool WasAttempted(GtUri chain) => attempts.ContainsKey(chain.ChainUri);

    public bool TryGetAttempt(GtUri chain, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ChainAttempt attempt) =>
        attempts.TryGetValue(chain.ChainUri, out attempt);

    /// <summary>Loads <paramref name="chain"/> (a chain or work-unit URI) unless already attempted.</summary>
    public async ValueTask<ChainAttempt> GetAsync(GtUri chain, CancellationToken cancellationToken)
    {
        var key = chain.ChainUri;
        if (attempts.TryGetValue(key, out var existing))
        {
            return existing;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        ChainAttempt attempt;
        if (requested >= options.MaxChains)
        {
            chainLimitHit = true;
            Log.ChainLimitReached(logger, options.MaxChains, key.ToString());
            attempt = Failed(key, UnreachableReason.ChainLimit, ChainLimitMessage(options, key), null, now);
        }
        else
        {
            requested++;
            attempt = await LoadAsync(key, now, cancellationToken).ConfigureAwait(false);
        }

        attempts.Add(key, attempt);
        order.Add(attempt);
        return attempt;
    }

    /// <summary>Loads every known chain (local town and registered remotes), within the chain limit.</summary>
    public async ValueTask LoadAllKnownAsync(CancellationToken cancellationToken)
    {
        var chains = await GetKnownChainsAsync(cancellationToken).ConfigureAwait(false);
        // Local first, so the limit never crowds out the user's own town.
        foreach (var k in chains.OrderByDescending(k => k.IsLocal).ThenBy(k => k.Uri.ToString(), StringComparer.Ordinal))
        {
            await GetAsync(k.Uri, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The graph of every chain loaded so far; rebuilt only after a new chain loads.</summary>
    public FederationSnapshot Snapshot => snapshot ??= FederationSnapshot.Build(loaded, Claims, logger);

    /// <summary>Every claim of the chains loaded so far with the evaluator's verdict; re-evaluated only after a new chain loads.</summary>
    public IReadOnlyList<RelationshipClaim> Claims => claims ??= FederationClaims.Evaluate(loaded, ProofOf);

    /// <summary>How far a loaded chain's identity is proven by keys; null when its provider does not judge signatures.</summary>
    public IdentityProof? ProofOf(GtUri chain) => proofs.GetValueOrDefault(chain);

    /// <summary>The unreachable items for every failed attempt.</summary>
    public IEnumerable<UnreachableItem> FailedChains() =>
        attempts.Values.Where(a => a.Chain is null).OrderBy(a => a.Uri.ToString(), StringComparer.Ordinal)
            .Select(a => a.ToUnreachable(a.Uri.ToString(), null));

    /// <summary>The state of every chain asked for, in the order they were asked for.</summary>
    public IReadOnlyList<ChainState> States() => [.. order.Select(a => a.State)];

    /// <summary>The chain-limit truncation, when the limit kept a chain out; else nothing.</summary>
    public IEnumerable<Truncation> ChainTruncations()
    {
        if (chainLimitHit)
        {
            yield return ChainTruncation(options, loaded.Count);
        }
    }

    // These are read by whoever reads the host's answer (a web page shows them as they are), who can raise no option: they
    // say what was left out and that it is the host's limit. The typed bound (TruncationBound, UnreachableReason.ChainLimit)
    // names the option for the developer.

    /// <summary>Why a chain past <see cref="QueryOptions.MaxChains"/> was not loaded (loaded and indexed answers say it alike).</summary>
    internal static string ChainLimitMessage(QueryOptions options, GtUri chain) =>
        $"The query already loaded {options.MaxChains} chains, the most this host reads for one answer; {chain} was not loaded.";

    /// <summary>The truncation a query reports when the chain limit kept a chain out, after loading <paramref name="loaded"/> chains.</summary>
    internal static Truncation ChainTruncation(QueryOptions options, int loaded) =>
        new(TruncationBound.Chains, options.MaxChains, loaded,
            $"The query loaded {options.MaxChains} chains, the most this host reads for one answer, and left the others unread (each is listed as unreachable).");

    private async ValueTask<ChainAttempt> LoadAsync(GtUri key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ChainResult result;
        try
        {
            result = await provider.GetChainAsync(key, fetch, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // One chain's failure (invalid bytes, a limit, a bug in a provider) must never fail the other chains' answers.
            var message = $"Chain {key} could not be loaded: {ex.GetType().Name}: {ex.Message}";
            Log.ChainUnavailable(logger, key.ToString(), UnreachableReason.LoadFailed, ex.Message);
            return Failed(key, UnreachableReason.LoadFailed, message, null, now);
        }

        if (result.Chain is { } c)
        {
            loaded.Add(c);
            proofs[c.Uri] = result.IdentityProof;
            snapshot = null;
            claims = null;
            Log.ChainLoaded(logger, key.ToString(), c.Rigs.Sum(r => r.Document.WorkUnits.Count));
            return new ChainAttempt(key, c, null, result.Message, result.DataAsOf, ChainStates.Loaded(c, result, options, now));
        }

        var reason = Map(result.Unavailable);
        Log.ChainUnavailable(logger, key.ToString(), reason, result.Message);
        return Failed(key, reason, Describe(key, reason, result.Message, fetch, result.DataAsOf), result.DataAsOf, now);
    }

    private ChainAttempt Failed(GtUri key, UnreachableReason reason, string message, DateTimeOffset? dataAsOf, DateTimeOffset now) =>
        new(key, null, reason, message, dataAsOf, ChainStates.Unavailable(key, reason, message, dataAsOf, options, now));

    internal static UnreachableReason Map(ChainUnavailableReason? reason) => reason switch
    {
        ChainUnavailableReason.NotRegistered => UnreachableReason.NotRegistered,
        ChainUnavailableReason.FetchFailed => UnreachableReason.FetchFailed,
        ChainUnavailableReason.NeverFetched => UnreachableReason.NeverFetched,
        ChainUnavailableReason.IdentityMismatch => UnreachableReason.IdentityMismatch,
        ChainUnavailableReason.SignatureRefused => UnreachableReason.SignatureRefused,
        ChainUnavailableReason.LimitExceeded => UnreachableReason.LimitExceeded,
        _ => UnreachableReason.InvalidChain,
    };

    // The advice is generic to any host: this library does not know which tool (a CLI, a web page) registers and fetches
    // remotes for its caller, so it names the step, never a command; nor an SDK call, since every host shows these
    // messages to its readers as they are (the reason, typed, is what a host acts on: UnreachableReason's docs name the calls).
    internal static string Describe(GtUri chain, UnreachableReason reason, string? detail, ChainFetchMode fetch, DateTimeOffset? fetchedAt)
    {
        if (reason == UnreachableReason.NeverFetched && fetchedAt is { } at)
        {
            // Fetched, with no branch to read: fetching again changes nothing until its owner publishes. The provider's
            // words name the branch it looked for.
            var fetched = $"Chain {chain} was fetched ({MessageText.Time(at)}) but has nothing to read yet";
            return detail is { Length: > 0 }
                ? $"{fetched} ({detail})"
                : $"{fetched}: its owner has not published it, or it is registered with another branch than the one it publishes.";
        }

        var advice = reason switch
        {
            UnreachableReason.NotRegistered => $"Chain {chain} is not registered; register it as a remote (its gt:// URI and git URL) and fetch it to follow this reference.",
            UnreachableReason.NeverFetched when fetch == ChainFetchMode.Never =>
                $"Chain {chain} is registered but was never fetched, and this query does not go to the network unasked; fetch the remote first.",
            UnreachableReason.NeverFetched => $"Chain {chain} is registered but has nothing fetched to read yet; fetch the remote and check its branch.",
            UnreachableReason.FetchFailed => $"Chain {chain} could not be fetched; check the remote's URL and access, then fetch it again.",
            UnreachableReason.IdentityMismatch => $"Chain {chain} was refused: its town.json names another owner or town (possible spoofing). Check the remote's URL.",
            UnreachableReason.SignatureRefused => $"Chain {chain} was refused: its owner's keys are known and its snapshot is not signed by one of them. Check the remote's URL; if the owner changed keys, accept the new one once you have checked it.",
            UnreachableReason.LimitExceeded => $"Chain {chain} broke one of the limits on what a chain may hold and was not read; raise the limit only if the data is genuine.",
            _ => $"Chain {chain} could not be read as a town.",
        };

        // A provider's message for an unregistered or never-fetched chain only restates that (in its own host's
        // words, sometimes naming a command), so it is said once, here. For the other reasons the provider's
        // message is the cause (the fetch error, the mismatching names, the missing branch) and is kept.
        return reason is not (UnreachableReason.NotRegistered or UnreachableReason.NeverFetched) && detail is { Length: > 0 } ? $"{advice} ({detail})" : advice;
    }
}
