namespace GasTown.Federation.Model;

/// <summary>A set of <see cref="FederationEdgeKind"/> values, one bit per kind, used to say which edges a walk follows.</summary>
[Flags]
public enum FederationEdgeKinds
{
    /// <summary>No edge kind.</summary>
    None = 0,

    /// <summary><see cref="FederationEdgeKind.Other"/>.</summary>
    Other = 1 << FederationEdgeKind.Other,

    /// <summary><see cref="FederationEdgeKind.Blocks"/>.</summary>
    Blocks = 1 << FederationEdgeKind.Blocks,

    /// <summary><see cref="FederationEdgeKind.ParentChild"/>.</summary>
    ParentChild = 1 << FederationEdgeKind.ParentChild,

    /// <summary><see cref="FederationEdgeKind.ConditionalBlocks"/>.</summary>
    ConditionalBlocks = 1 << FederationEdgeKind.ConditionalBlocks,

    /// <summary><see cref="FederationEdgeKind.WaitsFor"/>.</summary>
    WaitsFor = 1 << FederationEdgeKind.WaitsFor,

    /// <summary><see cref="FederationEdgeKind.Delegation"/>.</summary>
    Delegation = 1 << FederationEdgeKind.Delegation,

    /// <summary><see cref="FederationEdgeKind.CrossReference"/>.</summary>
    CrossReference = 1 << FederationEdgeKind.CrossReference,

    /// <summary><see cref="FederationEdgeKind.Related"/>.</summary>
    Related = 1 << FederationEdgeKind.Related,

    /// <summary><see cref="FederationEdgeKind.DiscoveredFrom"/>.</summary>
    DiscoveredFrom = 1 << FederationEdgeKind.DiscoveredFrom,

    /// <summary>The kinds that keep the source from being ready while the target is open (upstream's <c>bd ready</c>).</summary>
    Blocking = Blocks | ConditionalBlocks | WaitsFor,

    /// <summary>Every kind.</summary>
    All = Other | Blocks | ParentChild | ConditionalBlocks | WaitsFor | Delegation | CrossReference | Related | DiscoveredFrom,
}
