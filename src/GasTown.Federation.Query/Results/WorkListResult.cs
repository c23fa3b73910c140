using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.ListByRemoteAsync"/>: every matching work unit of one chain.</summary>
/// <param name="Chain">The canonical URI of the chain listed.</param>
/// <param name="Items">The matching work units, ordered by URI.</param>
/// <param name="Unreachable">Empty when the chain was read; otherwise why it could not be.</param>
/// <param name="DataAsOf">When the chain was last fetched; null for the local town.</param>
/// <param name="Chains">The chain's trust state, data age and dropped lines (one entry).</param>
public sealed record WorkListResult(
    GtUri Chain,
    IReadOnlyList<WorkUnitSummary> Items,
    IReadOnlyList<UnreachableItem> Unreachable,
    DateTimeOffset? DataAsOf,
    IReadOnlyList<ChainState> Chains)
{
    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
