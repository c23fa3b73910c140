using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.ListByProjectAsync"/>.</summary>
/// <param name="Project">The project's canonical URI.</param>
/// <param name="Items">The project, its descendants and (when asked) the delegated work, ordered by URI.</param>
/// <param name="Delegations">Every delegated portion met on the walk with its cascaded completion; empty without delegated work.</param>
/// <param name="UnverifiedClaims">Delegations met on the walk that the parent's chain does not assert (by the evaluator's rule); they were not followed.</param>
/// <param name="Unreachable">What the walk could not reach, and why.</param>
/// <param name="Stop">Whether the walk saw everything or was cut by <see cref="QueryOptions.MaxDepth"/> / <see cref="QueryOptions.MaxNodes"/>.</param>
/// <param name="Chains">Every chain the walk read or tried, with its trust state, data age and dropped lines.</param>
/// <param name="Truncations">Which bounds cut the walk (depth, nodes, chains), each with its limit; empty when the walk saw everything.</param>
public sealed record ProjectWorkResult(
    GtUri Project,
    IReadOnlyList<WorkUnitSummary> Items,
    IReadOnlyList<DelegatedPortion> Delegations,
    IReadOnlyList<UnverifiedClaim> UnverifiedClaims,
    IReadOnlyList<UnreachableItem> Unreachable,
    FederationWalkStop Stop,
    IReadOnlyList<ChainState> Chains,
    IReadOnlyList<Truncation> Truncations)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
