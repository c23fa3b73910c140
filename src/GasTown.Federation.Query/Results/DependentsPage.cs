using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>One page of a unit's dependents (<see cref="FederationQueries.GetDependentsPageAsync"/>, <see cref="FederationQueries.WalkDependentsAsync"/>).</summary>
/// <param name="Result">
/// The answer with this page's dependents only: every edge of at most the page's number of work units, in the whole
/// answer's order; the target, unreachable chains, chain states and truncations are the whole answer's, as
/// <see cref="FederationQueries.GetDependentsAsync"/> gives them.
/// </param>
/// <param name="DependentCount">How many work units depend on the target in all, each counted once however many of its edges name it.</param>
/// <param name="Next">The token to pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record DependentsPage(DependentsResult Result, int DependentCount, string? Next)
{
    /// <summary>
    /// How many edges name the target in all (the whole answer's <see cref="DependentsResult.Dependents"/> count, which a
    /// host writing it page by page says before the pages): <see cref="DependentCount"/> or more on the pages the queries
    /// give, since a unit may name it by more than one edge; 0 on a page built without it.
    /// </summary>
    public int EdgeCount { get; init; }

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
