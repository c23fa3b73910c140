namespace GasTown.Federation.Model;

/// <summary>One neighbour of a node: the node at the other end of an edge and the edge's kind.</summary>
/// <param name="Node">The node at the other end.</param>
/// <param name="Kind">The edge kind.</param>
public readonly record struct FederationNeighbor(int Node, FederationEdgeKind Kind);
