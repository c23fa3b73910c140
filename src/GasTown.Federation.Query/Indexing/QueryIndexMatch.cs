namespace GasTown.Federation.Query;

/// <summary>A work unit a full-text search of an <see cref="IQueryIndex"/> found, and where the search stands after it.</summary>
/// <param name="WorkUnit">The work unit, parsed from its exact upstream line.</param>
/// <param name="Position">Its position in the search's order: a later search after this position continues behind it.</param>
public sealed record QueryIndexMatch(WorkUnitSummary WorkUnit, long Position);
