namespace GasTown.Federation.Query;

/// <summary>
/// A unit's dependents as <see cref="IndexedDependentsQuery.Resolve"/> found them in an index's rows, before any line is
/// parsed: what a walk over their pages holds (the edges' keys, not their units), so it resolves them once, not per page.
/// </summary>
/// <param name="Whole">The answer with no dependents: its target, chains, unreachable items and truncations, the same on every page.</param>
/// <param name="Units">The edges that name the target, grouped by the unit that holds them, in the answer's order.</param>
/// <param name="List">The list the pages' tokens are of.</param>
internal sealed record ResolvedDependents(DependentsResult Whole, DependentUnits<QueryIndexNamingEdge> Units, PagedList List);
