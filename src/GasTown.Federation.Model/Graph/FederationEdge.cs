namespace GasTown.Federation.Model;

/// <summary>One edge of the <see cref="FederationGraph"/>, in beads' dependency direction.</summary>
/// <param name="Source">The node that depends (beads <c>issue_id</c>; the child for parent-child; the delegating parent for delegation).</param>
/// <param name="Target">The node depended on (beads <c>depends_on_id</c>).</param>
/// <param name="Kind">What the edge means.</param>
public readonly record struct FederationEdge(int Source, int Target, FederationEdgeKind Kind);
