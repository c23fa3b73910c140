using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.GetReadyWorkAsync"/>.</summary>
/// <param name="Ready">Ready work units (open or in progress, nothing open blocking them), ordered by priority then URI.</param>
/// <param name="Blocked">Open or in-progress work units that are not ready, with their blockers, ordered by URI.</param>
/// <param name="Unreachable">Blockers that could not be reached (each keeps its dependent unready), and chains that could not be read, ordered by target then referring unit; at most <see cref="UnreachableOmission.MaxItemsPerChain"/> referred to by one chain's units (the rest are counted in <see cref="OmittedUnreachable"/>).</param>
/// <param name="Chains">Every chain the query read or tried, with its trust state, data age and dropped lines.</param>
/// <param name="Truncations">The bounds that cut the query short (here only <see cref="TruncationBound.Chains"/>); empty when it saw everything.</param>
public sealed record ReadyWorkResult(
    IReadOnlyList<WorkUnitSummary> Ready,
    IReadOnlyList<BlockedWorkUnit> Blocked,
    IReadOnlyList<UnreachableItem> Unreachable,
    IReadOnlyList<ChainState> Chains,
    IReadOnlyList<Truncation> Truncations)
{
    /// <summary>
    /// The unreachable items left out of <see cref="Unreachable"/>, counted by the chain whose units referred to them: the
    /// list keeps the first <see cref="UnreachableOmission.MaxItemsPerChain"/> of each chain's; empty when nothing was left out.
    /// </summary>
    public IReadOnlyList<UnreachableOmission> OmittedUnreachable { get; init; } = [];

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
