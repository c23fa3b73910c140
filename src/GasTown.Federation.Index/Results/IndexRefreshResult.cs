using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>What a refresh of the index did, chain by chain.</summary>
/// <param name="Chains">Every known chain, in the order refreshed.</param>
public sealed record IndexRefreshResult(IReadOnlyList<ChainRefresh> Chains)
{
    /// <summary>Lines parsed over all chains in this refresh.</summary>
    public long LinesParsed => Chains.Sum(c => c.LinesParsed);

    /// <summary>
    /// When this refresh found a file at the index's place that it could not use (damaged or not a database, another
    /// application's database, or an index written by a newer SDK) and so deleted it and built the index again: what it
    /// was, naming the file. Null when the file was used (or there was none). Nothing is lost, the index being a cache,
    /// but a host may log it: a newer SDK sharing the town rebuilds it in turn, and change tokens restart.
    /// </summary>
    public string? Replaced { get; init; }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
