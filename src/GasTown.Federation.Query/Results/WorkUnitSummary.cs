namespace GasTown.Federation.Query;

/// <summary>One work unit (beads issue) as a query reports it: where it lives and its main beads fields.</summary>
/// <param name="Uri">The canonical <c>gt://entity/chain/rig/id</c> URI (the rig named when the chain knows it).</param>
/// <param name="Chain">The canonical URI of the chain that holds it, <c>gt://entity/chain</c>.</param>
/// <param name="Rig">The rig (project) inside the chain, <c>"."</c> for town-level beads, or null when unknown.</param>
/// <param name="Id">The beads id, e.g. <c>gt-abc</c>.</param>
/// <param name="Title">The title.</param>
/// <param name="Status">The beads status as written (<c>open</c>, <c>in_progress</c>, <c>closed</c>, …).</param>
/// <param name="IssueType">The beads issue type as written (<c>task</c>, <c>epic</c>, …).</param>
/// <param name="Priority">0 (P0) to 4.</param>
/// <param name="Assignee">The assignee as written, or null.</param>
/// <param name="CreatedBy">The actor that created it, or null.</param>
/// <param name="CreatedAt">The creation time as upstream wrote it (RFC 3339 text kept verbatim).</param>
/// <param name="ClosedAt">The closing time as written, or null when open.</param>
public sealed record WorkUnitSummary(
    string Uri,
    string Chain,
    string? Rig,
    string Id,
    string Title,
    string Status,
    string IssueType,
    int Priority,
    string? Assignee,
    string? CreatedBy,
    string CreatedAt,
    string? ClosedAt);
