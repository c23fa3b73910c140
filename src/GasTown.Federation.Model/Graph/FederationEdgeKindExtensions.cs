namespace GasTown.Federation.Model;

/// <summary>Conversions between single edge kinds, kind sets and beads dependency type names.</summary>
public static class FederationEdgeKindExtensions
{
    /// <summary>The one-bit set that holds only <paramref name="kind"/>.</summary>
    /// <param name="kind">The edge kind.</param>
    /// <returns>The set containing <paramref name="kind"/>.</returns>
    public static FederationEdgeKinds ToSet(this FederationEdgeKind kind) => (FederationEdgeKinds)(1 << (int)kind);

    /// <summary>Whether <paramref name="set"/> contains <paramref name="kind"/>.</summary>
    /// <param name="set">The set to test.</param>
    /// <param name="kind">The edge kind.</param>
    /// <returns><see langword="true"/> when the kind's bit is in the set.</returns>
    public static bool Contains(this FederationEdgeKinds set, FederationEdgeKind kind) => ((int)set & (1 << (int)kind)) != 0;

    /// <summary>
    /// Maps a beads dependency <c>type</c> string (FORMATS §1.3) to an edge kind. Unknown types, which
    /// upstream allows, become <see cref="FederationEdgeKind.Other"/> rather than an error.
    /// </summary>
    /// <param name="dependencyType">The <c>type</c> field of a beads dependency, e.g. <c>blocks</c>.</param>
    /// <returns>The edge kind.</returns>
    public static FederationEdgeKind FromDependencyType(string? dependencyType) => dependencyType switch
    {
        "blocks" => FederationEdgeKind.Blocks,
        "parent-child" => FederationEdgeKind.ParentChild,
        "conditional-blocks" => FederationEdgeKind.ConditionalBlocks,
        "waits-for" => FederationEdgeKind.WaitsFor,
        "related" or "relates-to" => FederationEdgeKind.Related,
        "discovered-from" => FederationEdgeKind.DiscoveredFrom,
        _ => FederationEdgeKind.Other,
    };
}
