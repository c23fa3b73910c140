namespace GasTown.Federation.Model;

/// <summary>
/// Which edges a walk over the <see cref="FederationGraph"/> follows: <see cref="Forward"/> kinds from
/// source to target (towards what a work unit depends on) and <see cref="Reverse"/> kinds from target
/// back to source (towards what depends on it).
/// </summary>
/// <param name="Forward">Edge kinds followed source → target.</param>
/// <param name="Reverse">Edge kinds followed target → source.</param>
public readonly record struct FederationWalkSpec(FederationEdgeKinds Forward, FederationEdgeKinds Reverse)
{
    /// <summary>
    /// A project's tree and its delegated work: children (reverse <see cref="FederationEdgeKind.ParentChild"/>)
    /// and delegated children (forward <see cref="FederationEdgeKind.Delegation"/>), transitively.
    /// </summary>
    public static FederationWalkSpec ProjectWithDelegated { get; } = new(FederationEdgeKinds.Delegation, FederationEdgeKinds.ParentChild);

    /// <summary>A project's tree only: children (reverse <see cref="FederationEdgeKind.ParentChild"/>), transitively.</summary>
    public static FederationWalkSpec Descendants { get; } = new(FederationEdgeKinds.None, FederationEdgeKinds.ParentChild);

    /// <summary>Everything a work unit depends on, of any kind, transitively.</summary>
    public static FederationWalkSpec Dependencies { get; } = new(FederationEdgeKinds.All, FederationEdgeKinds.None);
}
