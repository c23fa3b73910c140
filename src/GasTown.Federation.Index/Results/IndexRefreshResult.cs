using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>What a refresh of the index did, chain by chain.</summary>
/// <param name="Chains">Every known chain, in the order refreshed.</param>
public sealed record IndexRefreshResult(IReadOnlyList<ChainRefresh> Chains)
{
    /// <summary>Lines parsed over all chains in this refresh.</summary>
    public long LinesParsed => Chains.Sum(c => c.LinesParsed);

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
