using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>One dependency of a shown work unit with its target resolved across the federation.</summary>
/// <param name="DependsOnId">The <c>depends_on_id</c> as beads wrote it (a local id, <c>external:&lt;rig&gt;:&lt;id&gt;</c> or a <c>gt://</c> URI).</param>
/// <param name="Type">The beads dependency type as written (<c>blocks</c>, <c>parent-child</c>, <c>blocked-by</c>, …).</param>
/// <param name="TargetUri">The target's canonical <c>gt://</c> URI, or null when the text could not be resolved.</param>
/// <param name="Status">The target's status when it was reached, else null.</param>
/// <param name="Title">The target's title when it was reached, else null.</param>
/// <param name="Unreachable">Why the target could not be reached, or null when it was.</param>
public sealed record ResolvedDependency(
    string DependsOnId,
    DependencyType Type,
    GtUri? TargetUri,
    WorkStatus? Status,
    string? Title,
    UnreachableReason? Unreachable);
