namespace GasTown.Federation.Query;

/// <summary>
/// The chains an indexed query asked the index for, each once, in the order asked, with the state a
/// <see cref="ChainSession"/> would report for it. Null for a chain the index cannot describe exactly, and for one past
/// <see cref="QueryOptions.MaxChains"/> (the loading path reports that limit): either way the query loads chains.
/// </summary>
internal sealed class TouchedChains
{
    private readonly IQueryIndexReader reader;
    private readonly QueryContext context;
    private readonly Dictionary<GtUri, QueryIndexChain?> known = [];
    private readonly List<ChainState> order = [];

    public TouchedChains(IQueryIndexReader reader, QueryContext context)
    {
        this.reader = reader;
        this.context = context;
    }

    public QueryIndexChain? Get(GtUri uri)
    {
        var key = uri.ChainUri;
        if (known.TryGetValue(key, out var chain))
        {
            return chain;
        }

        if (known.Count >= context.Options.MaxChains)
        {
            return null;
        }

        chain = reader.GetChain(key);
        known[key] = chain;
        if (chain is { Unavailable: { } unavailable })
        {
            var reason = ChainSession.Map(unavailable);
            order.Add(ChainStates.Unavailable(key, reason, ChainSession.Describe(key, reason, null, context.Fetch), chain.DataAsOf, context.Options, context.Now));
        }
        else if (chain is not null)
        {
            order.Add(ChainStates.Indexed(chain, context.Options, context.Now));
        }

        return chain;
    }

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

    /// <summary>As <see cref="ChainSession.FailedChains"/>: an unreachable item for each unavailable chain, by URI.</summary>
    public IEnumerable<UnreachableItem> FailedItems() =>
        known.Where(k => k.Value is { Unavailable: not null }).OrderBy(k => k.Key.ToString(), StringComparer.Ordinal).Select(k =>
        {
            var reason = ChainSession.Map(k.Value!.Unavailable);
            return new UnreachableItem(k.Key.ToString(), reason, ChainSession.Describe(k.Key, reason, null, context.Fetch), null);
        });
}
