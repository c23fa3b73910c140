using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>One child of a delegated portion and whether it is done.</summary>
/// <param name="Uri">The delegated child's canonical URI.</param>
/// <param name="Status">Its status when reachable, else null.</param>
/// <param name="IsClosed">Whether it is closed (an unreachable child never is).</param>
/// <param name="ClosedAt">When it was closed, or null.</param>
/// <param name="ClosedBy">
/// Who closed it. beads records no closer, so this is the child's <c>assignee</c>, else the author of its
/// last comment, else null. Only set when the child is closed.
/// </param>
/// <param name="Owner">The entity that owns the child's chain (the person or organisation credited).</param>
/// <param name="AcceptedByChild">Whether the child's chain accepts the delegation too (the evaluator verified it). The parent's chain always asserts it: delegations it does not assert are not followed.</param>
/// <param name="Unreachable">Why the child could not be read, or null.</param>
public sealed record DelegatedChild(
    GtUri Uri,
    WorkStatus? Status,
    bool IsClosed,
    BeadsTimestamp? ClosedAt,
    string? ClosedBy,
    EntityId Owner,
    bool AcceptedByChild,
    UnreachableReason? Unreachable);
