using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>One dependency edge that names the unit <see cref="FederationQueries.GetDependentsAsync"/> was asked about.</summary>
/// <param name="WorkUnit">The work unit whose line holds the edge (every upstream field, its exact line).</param>
/// <param name="Type">The edge's type (<c>blocks</c>, <c>parent-child</c>, <c>related</c>, …).</param>
/// <param name="DependsOnId">The edge's <c>depends_on_id</c> as written (a bare id, <c>external:rig:id</c>, a URI).</param>
public sealed record DependentWorkUnit(WorkUnitSummary WorkUnit, DependencyType Type, string DependsOnId);
