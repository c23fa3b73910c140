using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// The chains an indexed query asked the index for, each once, in the order asked, with the state a
/// <see cref="ChainSession"/> would report for it. Null for a chain the index cannot describe exactly (the query loads
/// chains). Past <see cref="QueryOptions.MaxChains"/>, a query that answers the chain limit as the loading path does
/// (<c>answersChainLimit</c>) gets the chain as <see cref="ChainSession.GetAsync"/> reports it there (unavailable, with
/// <see cref="UnreachableReason.ChainLimit"/>, and a <see cref="TruncationBound.Chains"/> truncation); any other query
/// gets null and loads chains.
/// </summary>
internal sealed class TouchedChains
{
    private readonly IQueryIndexReader reader;
    private readonly QueryContext context;
    private readonly bool answersChainLimit;
    private readonly Dictionary<GtUri, QueryIndexChain?> known = [];
    private readonly HashSet<GtUri> limited = [];
    private readonly List<ChainState> order = [];

    public TouchedChains(IQueryIndexReader reader, QueryContext context, bool answersChainLimit = false)
    {
        this.reader = reader;
        this.context = context;
        this.answersChainLimit = answersChainLimit;
    }

    public QueryIndexChain? Get(GtUri uri)
    {
        var key = uri.ChainUri;
        if (known.TryGetValue(key, out var chain))
        {
            return chain;
        }

        // As ChainSession counts them: every chain asked for within the limit, whether it answered or not.
        if (known.Count - limited.Count >= context.Options.MaxChains)
        {
            if (!answersChainLimit)
            {
                return null;
            }

            // Not read at all (as the loading path leaves it unloaded): unavailable, its reason kept in `limited`.
            chain = new QueryIndexChain(key, ChainUnavailableReason.LimitExceeded, null);
            limited.Add(key);
            known[key] = chain;
            order.Add(ChainStates.Unavailable(key, UnreachableReason.ChainLimit, ChainSession.ChainLimitMessage(context.Options, key), null, context.Options, context.Now));
            return chain;
        }

        chain = reader.GetChain(key);
        known[key] = chain;
        if (chain is { Unavailable: { } unavailable })
        {
            var reason = ChainSession.Map(unavailable);
            order.Add(ChainStates.Unavailable(key, reason, ChainSession.Describe(key, reason, chain.Message, context.Fetch, chain.DataAsOf), chain.DataAsOf, context.Options, context.Now));
        }
        else if (chain is not null)
        {
            order.Add(ChainStates.Indexed(chain, context.Options, context.Now));
        }

        return chain;
    }

    /// <summary>Whether the chain was asked for past the chain limit (and so not read).</summary>
    public bool IsPastLimit(GtUri uri) => limited.Contains(uri.ChainUri);

    /// <summary>
    /// Every chain the store knows, asked for in the order <see cref="ChainSession.LoadAllKnownAsync"/> loads them (the
    /// local town first, then by URI), and those of them that answer; null when one cannot be described exactly.
    /// </summary>
    public (IReadOnlyList<GtUri> Known, List<QueryIndexChain> Available)? GetAllKnown()
    {
        var all = reader.KnownChains.OrderByDescending(c => c == reader.LocalChain).ThenBy(c => c.ToString(), StringComparer.Ordinal).ToList();
        var available = new List<QueryIndexChain>();
        foreach (var uri in all)
        {
            switch (Get(uri))
            {
                case null:
                    return null;
                case { Unavailable: null } chain:
                    available.Add(chain);
                    break;
            }
        }

        return (all, available);
    }

    public IReadOnlyList<ChainState> States() => [.. order];

    /// <summary>As <see cref="ChainSession.ChainTruncations"/>: the chain-limit truncation when the limit kept a chain out.</summary>
    public IEnumerable<Truncation> Truncations()
    {
        if (limited.Count > 0)
        {
            yield return ChainSession.ChainTruncation(context.Options, known.Values.Count(c => c is { Unavailable: null }));
        }
    }

    /// <summary>As <see cref="ChainSession.FailedChains"/>: an unreachable item for each unavailable chain, by URI.</summary>
    public IEnumerable<UnreachableItem> FailedItems() =>
        known.Where(k => k.Value is { Unavailable: not null }).OrderBy(k => k.Key.ToString(), StringComparer.Ordinal).Select(k => Unreachable(k.Key, null));

    /// <summary>
    /// As <see cref="LazyWalker.Describe"/> says a target in a chain asked for and unavailable (<paramref name="target"/>
    /// a chain, or a work unit in it): the chain's reason and message.
    /// </summary>
    public UnreachableItem Unreachable(GtUri target, GtUri? referencedFrom)
    {
        var key = target.ChainUri;
        if (limited.Contains(key))
        {
            return new UnreachableItem(target.ToString(), UnreachableReason.ChainLimit, ChainSession.ChainLimitMessage(context.Options, key), referencedFrom);
        }

        var chain = known[key]!;
        var reason = ChainSession.Map(chain.Unavailable);
        return new UnreachableItem(target.ToString(), reason, ChainSession.Describe(key, reason, chain.Message, context.Fetch, chain.DataAsOf), referencedFrom);
    }
}
