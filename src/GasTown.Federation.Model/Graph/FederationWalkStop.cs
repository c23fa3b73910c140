namespace GasTown.Federation.Model;

/// <summary>Why a walk over the <see cref="FederationGraph"/> stopped.</summary>
public enum FederationWalkStop
{
    /// <summary>Every reachable node was visited.</summary>
    Complete = 0,

    /// <summary>Nodes beyond the depth limit were reachable but not visited.</summary>
    DepthLimit = 1,

    /// <summary>The node limit was reached with nodes still to visit.</summary>
    NodeLimit = 2,
}
