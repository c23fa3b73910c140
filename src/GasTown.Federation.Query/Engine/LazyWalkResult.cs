using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>What a <see cref="LazyWalker"/> walk reached, over the snapshot it ended on.</summary>
internal sealed record LazyWalkResult(FederationSnapshot Snapshot, FederationWalkResult Walk, IReadOnlyList<UnreachableItem> Unreachable, IReadOnlyList<Truncation> Truncations);
