namespace GasTown.Federation.Query;

/// <summary>
/// A ready answer's unreachable items, bounded: for each chain whose units refer to them, the first
/// <see cref="UnreachableOmission.MaxItemsPerChain"/> in the answer's order (target, then referring unit) are kept and the
/// rest counted (<see cref="UnreachableOmission"/>). What it holds is that many items per chain and, for the omitted ones
/// that name a chain's failure, the chain (so the failed chain's own item stays out, as it does when a kept one names it).
/// Items with no referring unit (a chain that could not be read) are always kept: one per chain.
/// </summary>
internal sealed class UnreachableCollector
{
    private static readonly Comparison<UnreachableItem> Order = (a, b) =>
        string.CompareOrdinal(a.Target, b.Target) is var c && c != 0 ? c : string.CompareOrdinal(a.ReferencedFrom?.ToString(), b.ReferencedFrom?.ToString());

    private static readonly IComparer<UnreachableItem> Latest = Comparer<UnreachableItem>.Create((a, b) => Order(b, a));

    private readonly Dictionary<GtUri, PriorityQueue<UnreachableItem, UnreachableItem>> _kept = [];
    private readonly Dictionary<GtUri, int> _omitted = [];
    private readonly HashSet<string> _omittedTargetChains = new(StringComparer.Ordinal);
    private readonly List<UnreachableItem> _unreferenced = [];

    /// <summary>Adds one item (kept when it is among its chain's first, else counted).</summary>
    public void Add(UnreachableItem item)
    {
        if (item.ReferencedFrom is not { } from)
        {
            _unreferenced.Add(item);
            return;
        }

        var chain = from.ChainUri;
        if (!_kept.TryGetValue(chain, out var kept))
        {
            _kept[chain] = kept = new PriorityQueue<UnreachableItem, UnreachableItem>(Latest);
        }

        if (kept.Count < UnreachableOmission.MaxItemsPerChain)
        {
            kept.Enqueue(item, item);
            return;
        }

        // The heap's top is the latest kept item: the new one replaces it when it comes before it.
        var dropped = Order(item, kept.Peek()) < 0 ? kept.EnqueueDequeue(item, item) : item;
        _omitted[chain] = _omitted.GetValueOrDefault(chain) + 1;
        if (dropped.Reason is not (UnreachableReason.UnknownId or UnreachableReason.InvalidReference) && ChainOf(dropped.Target) is { } target)
        {
            _omittedTargetChains.Add(target);
        }
    }

    /// <summary>
    /// The kept items and each chain that could not be read (unless an item names a target in it), in the answer's order,
    /// and the omissions by chain URI.
    /// </summary>
    public (List<UnreachableItem> Items, List<UnreachableOmission> Omitted) Finish(IEnumerable<UnreachableItem> failedChains)
    {
        var items = new List<UnreachableItem>(_unreferenced);
        foreach (var kept in _kept.Values)
        {
            items.AddRange(kept.UnorderedItems.Select(i => i.Element));
        }

        var named = new HashSet<string>(_omittedTargetChains, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (ChainOf(item.Target) is { } chain)
            {
                named.Add(chain);
            }
        }

        items.AddRange(failedChains.Where(f => !named.Contains(f.Target)));
        items.Sort(Order);
        var omitted = _omitted.Select(o => new UnreachableOmission(o.Key, o.Value)).OrderBy(o => o.Chain.ToString(), StringComparer.Ordinal).ToList();
        return (items, omitted);
    }

    // The chain of a target that is a work unit's URI, as its chain's failure names it; null for a chain itself or a
    // reference as written (not a gt:// URI).
    private static string? ChainOf(string target)
        => GtUri.TryParse(target, out var uri) && uri.Kind == GtUriKind.WorkUnit ? uri.ChainUri.ToString() : null;
}
