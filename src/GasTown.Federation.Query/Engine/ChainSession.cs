using GasTown.Federation.Model;
using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Query;

/// <summary>
/// The chains one query has asked for: loads each at most once through <see cref="IChainProvider"/>,
/// counts them against <see cref="QueryOptions.MaxChains"/>, and remembers failures so a walk reports
/// them instead of retrying. Not shared between queries (each query sees one consistent set).
/// </summary>
internal sealed class ChainSession
{
    private readonly IChainProvider provider;
    private readonly QueryOptions options;
    private readonly ILogger logger;
    private readonly Dictionary<GtUri, ChainAttempt> attempts = [];
    private readonly List<Chain> loaded = [];
    private IReadOnlyList<KnownChain>? known;
    private FederationSnapshot? snapshot;
    private int requested;

    public ChainSession(IChainProvider provider, QueryOptions options, ILogger logger)
    {
        this.provider = provider;
        this.options = options;
        this.logger = logger;
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
        ChainAttempt attempt;
        if (requested >= options.MaxChains)
        {
            Log.ChainLimitReached(logger, options.MaxChains, key.ToString());
            attempt = new ChainAttempt(key, null, UnreachableReason.ChainLimit,
                $"The query already loaded {options.MaxChains} chains (QueryOptions.MaxChains); {key} was not loaded. Raise MaxChains to follow it.", null);
        }
        else
        {
            requested++;
            var result = await provider.GetChainAsync(key, cancellationToken).ConfigureAwait(false);
            if (result.Chain is { } c)
            {
                attempt = new ChainAttempt(key, c, null, null, result.DataAsOf);
                loaded.Add(c);
                snapshot = null;
                Log.ChainLoaded(logger, key.ToString(), c.Rigs.Sum(r => r.Document.WorkUnits.Count));
            }
            else
            {
                var reason = Map(result.Unavailable);
                attempt = new ChainAttempt(key, null, reason, Describe(key, reason, result.Message), result.DataAsOf);
                Log.ChainUnavailable(logger, key.ToString(), reason, result.Message);
            }
        }

        attempts.Add(key, attempt);
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
    public FederationSnapshot Snapshot => snapshot ??= FederationSnapshot.Build(loaded, logger);

    /// <summary>The unreachable items for every failed attempt.</summary>
    public IEnumerable<UnreachableItem> FailedChains() =>
        attempts.Values.Where(a => a.Chain is null).OrderBy(a => a.Uri.ToString(), StringComparer.Ordinal)
            .Select(a => a.ToUnreachable(a.Uri.ToString(), null));

    private static UnreachableReason Map(ChainUnavailableReason? reason) => reason switch
    {
        ChainUnavailableReason.NotRegistered => UnreachableReason.NotRegistered,
        ChainUnavailableReason.FetchFailed => UnreachableReason.FetchFailed,
        ChainUnavailableReason.NeverFetched => UnreachableReason.NeverFetched,
        ChainUnavailableReason.IdentityMismatch => UnreachableReason.IdentityMismatch,
        _ => UnreachableReason.InvalidChain,
    };

    // The advice is generic to any host: this library does not know which tool (a CLI, a service) registers
    // and fetches remotes for its caller, so it names the step, not a command.
    private static string Describe(GtUri chain, UnreachableReason reason, string? detail)
    {
        var advice = reason switch
        {
            UnreachableReason.NotRegistered => $"Chain {chain} is not registered; register it as a remote (its gt:// URI and git URL) and fetch it to follow this reference.",
            UnreachableReason.NeverFetched => $"Chain {chain} is registered but was never fetched; fetch it to read it.",
            UnreachableReason.FetchFailed => $"Chain {chain} could not be fetched; check the remote's URL and access, then fetch it again.",
            UnreachableReason.IdentityMismatch => $"Chain {chain} was refused: its town.json names another owner or town (possible spoofing). Check the remote's URL.",
            _ => $"Chain {chain} could not be read as a town.",
        };

        // A provider's message for an unregistered chain can only restate that it is unregistered (in its own
        // host's words), so it is said once, here. For the other reasons the provider's message is the cause
        // (the fetch error, the mismatching names, the missing branch) and is kept.
        return reason != UnreachableReason.NotRegistered && detail is { Length: > 0 } ? $"{advice} ({detail})" : advice;
    }
}
