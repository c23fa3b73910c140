namespace GasTown.Federation.Model;

/// <summary>
/// What an edge of the <see cref="FederationGraph"/> means. Every edge points the way beads stores a
/// dependency: from the work unit that depends to the one it depends on (<c>issue_id</c> →
/// <c>depends_on_id</c>). A <see cref="ParentChild"/> edge therefore goes child → parent, and a
/// <see cref="Delegation"/> edge goes from the delegating (parent) work unit to the delegated child,
/// because the parent cannot complete before the child does.
/// </summary>
/// <remarks>Stored as one byte per edge; values are stable and never renumbered.</remarks>
public enum FederationEdgeKind : byte
{
    /// <summary>A beads dependency type the SDK does not classify (<c>supersedes</c>, <c>tracks</c>, …).</summary>
    Other = 0,

    /// <summary>beads <c>blocks</c>: the source cannot start until the target closes.</summary>
    Blocks = 1,

    /// <summary>beads <c>parent-child</c>: the source is a child of the target.</summary>
    ParentChild = 2,

    /// <summary>beads <c>conditional-blocks</c>: the source runs only if the target fails; blocks readiness.</summary>
    ConditionalBlocks = 3,

    /// <summary>beads <c>waits-for</c>: a fan-out gate; blocks readiness.</summary>
    WaitsFor = 4,

    /// <summary>A delegation relationship: the source (parent) delegated a portion of its work to the target (child).</summary>
    Delegation = 5,

    /// <summary>A <c>cross_reference</c> relationship asserted in <c>federation/relationships.jsonl</c>.</summary>
    CrossReference = 6,

    /// <summary>beads <c>related</c> or <c>relates-to</c>: an association that never blocks.</summary>
    Related = 7,

    /// <summary>beads <c>discovered-from</c>: the source was found while working on the target.</summary>
    DiscoveredFrom = 8,
}
