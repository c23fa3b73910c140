using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.GetDependentsAsync"/>: who depends on one work unit.</summary>
/// <param name="Target">The work unit asked about, as its canonical <c>gt://</c> URI (it need not exist: edges may name a unit its chain does not have).</param>
/// <param name="Dependents">Each edge of another work unit, in any known chain, that resolves to <paramref name="Target"/>, ordered by that unit's URI (ordinal), then as its line writes them.</param>
/// <param name="Unreachable">The chains that could not be read (their units may depend on it too), and why.</param>
/// <param name="Chains">Every known chain, in the order the query asked for them, with its trust state, data age and dropped lines.</param>
/// <param name="Truncations">The chain limit, when it left chains unread.</param>
public sealed record DependentsResult(
    GtUri Target,
    IReadOnlyList<DependentWorkUnit> Dependents,
    IReadOnlyList<UnreachableItem> Unreachable,
    IReadOnlyList<ChainState> Chains,
    IReadOnlyList<Truncation> Truncations)
{
    /// <summary>
    /// Why <see cref="Target"/> itself could not be reached, or null when it is a work unit of a chain the query read:
    /// <see cref="UnreachableReason.UnknownId"/> when its chain was read and holds no such unit (a mistyped id, or a unit
    /// deleted while edges still name it), else its chain's reason (not registered, never fetched, refused, …). Edges may
    /// name a unit that is gone, so the dependents are listed either way.
    /// </summary>
    public UnreachableItem? TargetUnreachable { get; init; }

    /// <summary>
    /// Whether the reference most likely names nothing, a mistyped id: its chain was read and holds no such unit
    /// (<see cref="UnreachableReason.UnknownId"/>), nothing depends on it, and every known chain was read. A host answers
    /// it as not found, as <see cref="FederationQueries.ShowAsync"/> answers the same reference. With a chain unread, one
    /// of its units might name it; an edge may name a unit that is gone, and then it is listed.
    /// </summary>
    public bool NamesNothing =>
        TargetUnreachable is { Reason: UnreachableReason.UnknownId } && Dependents.Count == 0 && Unreachable.Count == 0 && Truncations.Count == 0;

    private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
