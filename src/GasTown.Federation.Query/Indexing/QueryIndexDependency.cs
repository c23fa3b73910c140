namespace GasTown.Federation.Query;

/// <summary>One dependency of a work unit as an <see cref="IQueryIndex"/> holds it, without the unit.</summary>
/// <param name="Source">The work unit that depends (its canonical URI).</param>
/// <param name="DependsOnId">The <c>depends_on_id</c> as written.</param>
/// <param name="Type">The dependency type as written.</param>
public sealed record QueryIndexDependency(GtUri Source, string DependsOnId, string Type);
