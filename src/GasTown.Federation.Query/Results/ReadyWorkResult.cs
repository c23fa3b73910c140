namespace GasTown.Federation.Query;

/// <summary>The answer to <see cref="FederationQueries.GetReadyWorkAsync"/>.</summary>
/// <param name="Ready">Open work units whose blockers are all closed, ordered by priority then URI.</param>
/// <param name="Blocked">Open work units that are not ready, with their blockers, ordered by URI.</param>
/// <param name="Unreachable">Blockers that could not be reached (each keeps its dependent unready), and chains that could not be read.</param>
public sealed record ReadyWorkResult(
    IReadOnlyList<WorkUnitSummary> Ready,
    IReadOnlyList<BlockedWorkUnit> Blocked,
    IReadOnlyList<UnreachableItem> Unreachable);
