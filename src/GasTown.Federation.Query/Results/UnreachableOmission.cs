namespace GasTown.Federation.Query;

/// <summary>
/// Unreachable items of a ready answer left out of its list: the blockers one chain's work units lead to beyond the first
/// <see cref="MaxItemsPerChain"/> of them (in the list's order: by target, then referring unit). A remote can write any
/// number of edges to units that do not exist; the answer keeps examples and counts the rest, as a chain's diagnostics are
/// kept up to <c>ChainLimits.MaxDiagnostics</c> and the rest counted.
/// </summary>
/// <param name="Chain">The chain whose work units referred to the omitted targets.</param>
/// <param name="Count">How many of its unreachable items were left out of the list (the list keeps <see cref="MaxItemsPerChain"/>).</param>
public sealed record UnreachableOmission(GtUri Chain, int Count)
{
    /// <summary>The most unreachable items a ready answer lists for the work units of one chain: 100.</summary>
    public const int MaxItemsPerChain = 100;
}
