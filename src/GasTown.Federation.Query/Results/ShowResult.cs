using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.ShowAsync"/>: one work unit and its resolved dependencies.</summary>
/// <param name="WorkUnit">The work unit (every upstream field in <see cref="WorkUnitSummary.WorkUnit"/>, its line in <see cref="WorkUnitSummary.UpstreamLine"/>).</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Dependencies">Its dependencies, each with its target resolved to a <c>gt://</c> URI and, where reachable, the target's status and title.</param>
/// <param name="Unreachable">The dependency targets that could not be reached, and why.</param>
/// <param name="DataAsOf">When the work unit's chain was last fetched; null for the local town.</param>
/// <param name="Chains">Every chain the query read or tried, in the order it asked for them, with its trust state, data age and dropped lines.</param>
public sealed record ShowResult(
    WorkUnitSummary WorkUnit,
    string? Description,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ResolvedDependency> Dependencies,
    IReadOnlyList<UnreachableItem> Unreachable,
    DateTimeOffset? DataAsOf,
    IReadOnlyList<ChainState> Chains)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
