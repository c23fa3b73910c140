using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>
/// One page of ready work (<see cref="FederationQueries.GetReadyWorkPageAsync"/>): the next items of
/// <see cref="ReadyWorkResult.Ready"/>, in its order. A page describes its items and the chains it read, not the
/// federation's unready work: it carries no blocked list and no blocker that could not be reached (each of those keeps a
/// unit off the ready list, so none concerns a ready item); ask <see cref="FederationQueries.GetReadyWorkAsync"/> for them,
/// or, without holding the whole answer, add up <see cref="Blocked"/> over a walk and ask
/// <see cref="FederationQueries.GetReadyWorkGapsAsync"/> for the unreachable blockers.
/// </summary>
/// <param name="Items">This page's ready work units, ordered by priority then URI (ordinal).</param>
/// <param name="Unreachable">
/// The chains that could not be read (each may hold ready work no page lists), as <see cref="ReadyWorkResult.Unreachable"/>
/// reports them; when the page was cut from the whole answer (see <see cref="FederationQueries.GetReadyWorkPageAsync"/>),
/// the whole answer's unreachable items, bounded as there (<see cref="OmittedUnreachable"/>).
/// </param>
/// <param name="Chains">The chains the page read or tried, with their trust state, data age and dropped lines.</param>
/// <param name="Truncations">The bounds that cut the query short (<see cref="TruncationBound.Chains"/>); empty when it saw everything.</param>
/// <param name="Next">The token to pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record ReadyWorkPage(
    IReadOnlyList<WorkUnitSummary> Items,
    IReadOnlyList<UnreachableItem> Unreachable,
    IReadOnlyList<ChainState> Chains,
    IReadOnlyList<Truncation> Truncations,
    string? Next)
{
    /// <summary>
    /// How many of <see cref="ReadyWorkResult.Blocked"/>'s units (those the page's filter keeps) fall on this page's stretch
    /// of the ready order (priority, then URI): after the previous page's last item, up to this page's last item, or to
    /// the end on the last page. Summed over every page of a walk (or of <c>after</c> tokens from the first page on), it
    /// is the number of blocked units the filter keeps: the whole answer's <c>Blocked.Count</c> without a filter.
    /// </summary>
    public int Blocked { get; init; }

    /// <summary>
    /// When the page was cut from the whole answer, the unreachable items its <see cref="Unreachable"/> leaves out (as
    /// <see cref="ReadyWorkResult.OmittedUnreachable"/>); otherwise empty.
    /// </summary>
    public IReadOnlyList<UnreachableOmission> OmittedUnreachable { get; init; } = [];

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
