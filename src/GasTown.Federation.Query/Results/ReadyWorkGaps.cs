using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// What <see cref="FederationQueries.GetReadyWorkAsync"/>'s answer reports besides its two lists, for a host that walks
/// the ready list page by page (<see cref="FederationQueries.WalkReadyWorkAsync"/>) and never holds it
/// (<see cref="FederationQueries.GetReadyWorkGapsAsync"/>): the same unreachable items, chains and truncations as the
/// whole answer's.
/// </summary>
/// <param name="Unreachable">As <see cref="ReadyWorkResult.Unreachable"/>: blockers that could not be reached (each keeps its dependent unready), and chains that could not be read, ordered by target then referring unit, bounded per referring chain as there (see <see cref="OmittedUnreachable"/>).</param>
/// <param name="Chains">As <see cref="ReadyWorkResult.Chains"/>: every chain the query read or tried, with its trust state, data age and dropped lines.</param>
/// <param name="Truncations">As <see cref="ReadyWorkResult.Truncations"/>: the bounds that cut the query short; empty when it saw everything.</param>
public sealed record ReadyWorkGaps(
    IReadOnlyList<UnreachableItem> Unreachable,
    IReadOnlyList<ChainState> Chains,
    IReadOnlyList<Truncation> Truncations)
{
    /// <summary>
    /// The unreachable items left out of <see cref="Unreachable"/> (as <see cref="ReadyWorkResult.OmittedUnreachable"/>), counted by the chain whose units referred to them: the
    /// list keeps the first <see cref="UnreachableOmission.MaxItemsPerChain"/> of each chain's; empty when nothing was left out.
    /// </summary>
    public IReadOnlyList<UnreachableOmission> OmittedUnreachable { get; init; } = [];

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
