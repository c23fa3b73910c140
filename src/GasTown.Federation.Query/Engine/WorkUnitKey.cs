namespace GasTown.Federation.Query;

/// <summary>
/// The graph key of a work unit: its URI without the rig (<c>gt://entity/chain/id</c>). Beads ids are
/// unique within a chain (prefixes route them to one rig), and references name the rig inconsistently
/// (<c>external:rig:id</c> does, a bare id does not), so the rig is left out to make both meet.
/// </summary>
internal static class WorkUnitKey
{
    public static string Of(GtUri workUnit) => workUnit.WithRig(null).ToString();
}
