using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// One dependency edge as an <see cref="IQueryIndex"/> holds it, found by the work id its reference names
/// (<see cref="IQueryIndexReader.GetEdgesNaming"/>): the unit that holds it and the reference as written, which the
/// caller resolves in that unit's chain.
/// </summary>
/// <param name="WorkUnit">The work unit whose line holds the edge, its canonical URI.</param>
/// <param name="DependsOnId">The <c>depends_on_id</c> as written.</param>
/// <param name="Type">The edge's type.</param>
public sealed record QueryIndexNamingEdge(GtUri WorkUnit, string DependsOnId, DependencyType Type);
