using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// One <c>parent-child</c> dependency as an <see cref="IQueryIndex"/> holds it, with what a listing of the child needs
/// without reading its line: its URI, status and type. The parent is the text as written; the caller resolves it.
/// </summary>
/// <param name="Child">The work unit that depends (the child), its canonical URI.</param>
/// <param name="DependsOnId">The <c>depends_on_id</c> as written (a bare id, <c>rig/id</c>, <c>external:rig:id</c> or a URI).</param>
/// <param name="Status">The child's status as its line says it.</param>
/// <param name="IssueType">The child's issue type as its line says it.</param>
public sealed record QueryIndexChildEdge(GtUri Child, string DependsOnId, WorkStatus Status, WorkType IssueType);
