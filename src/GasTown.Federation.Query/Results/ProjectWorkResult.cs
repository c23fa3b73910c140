using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.ListByProjectAsync"/>.</summary>
/// <param name="Project">The project's canonical URI.</param>
/// <param name="Items">The project, its descendants and (when asked) the delegated work, ordered by URI.</param>
/// <param name="Delegations">Every delegated portion met on the walk with its cascaded completion; empty without delegated work.</param>
/// <param name="UnverifiedClaims">Delegations met on the walk that the parent's chain does not assert; they were not followed.</param>
/// <param name="Unreachable">What the walk could not reach, and why.</param>
/// <param name="Stop">Whether the walk saw everything or was cut by <see cref="QueryOptions.MaxDepth"/> / <see cref="QueryOptions.MaxNodes"/>.</param>
public sealed record ProjectWorkResult(
    string Project,
    IReadOnlyList<WorkUnitSummary> Items,
    IReadOnlyList<DelegatedPortion> Delegations,
    IReadOnlyList<UnverifiedClaim> UnverifiedClaims,
    IReadOnlyList<UnreachableItem> Unreachable,
    FederationWalkStop Stop);
