using GasTown.Federation;

namespace GasTown.Federation.Model;

/// <summary>A work unit found in a chain, with its canonical address.</summary>
/// <param name="Uri">
/// The canonical URI: <c>gt://entity/chain/rig/id</c>, or <c>gt://entity/chain/id</c> for town-level beads
/// (which belong to no rig and are routed by their prefix).
/// </param>
/// <param name="Rig">The rig name, or <see cref="Route.TownLevelRigName"/> for town-level beads.</param>
/// <param name="Unit">The beads issue as read.</param>
public sealed record ChainWorkUnit(GtUri Uri, string Rig, WorkUnit Unit)
{
    /// <summary>Whether the work unit is in the town-level beads.</summary>
    public bool IsTownLevel => Rig == Route.TownLevelRigName;
}
