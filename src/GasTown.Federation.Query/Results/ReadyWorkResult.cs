namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.GetReadyWorkAsync"/>.</summary>
/// <param name="Ready">Ready work units (open or in progress, nothing open blocking them), ordered by priority then URI.</param>
/// <param name="Blocked">Open or in-progress work units that are not ready, with their blockers, ordered by URI.</param>
/// <param name="Unreachable">Blockers that could not be reached (each keeps its dependent unready), and chains that could not be read.</param>
/// <param name="Chains">Every chain the query read or tried, with its trust state, data age and dropped lines.</param>
/// <param name="Truncations">The bounds that cut the query short (here only <see cref="TruncationBound.Chains"/>); empty when it saw everything.</param>
public sealed record ReadyWorkResult(
    IReadOnlyList<WorkUnitSummary> Ready,
    IReadOnlyList<BlockedWorkUnit> Blocked,
    IReadOnlyList<UnreachableItem> Unreachable,
    IReadOnlyList<ChainState> Chains,
    IReadOnlyList<Truncation> Truncations);
