using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Builds the result records from loaded work units.</summary>
internal static class Summaries
{
    /// <summary>The work unit with its address and, when its rig's document kept them, its upstream line bytes.</summary>
    public static WorkUnitSummary Of(Chain chain, ChainWorkUnit unit)
    {
        var line = chain.TryGetRig(unit.Rig, out var rig) && rig.Document.TryGetOriginalLine(unit.Unit, out var bytes) ? bytes : default;
        return new WorkUnitSummary(unit.Uri, unit.Rig, unit.Unit, line);
    }

    /// <summary>Like <see cref="Of(Chain, ChainWorkUnit)"/>, finding the unit's chain among those the session loaded.</summary>
    public static WorkUnitSummary Of(ChainSession session, ChainWorkUnit unit) =>
        session.TryGetAttempt(unit.Uri, out var attempt) && attempt.Chain is { } chain
            ? Of(chain, unit)
            : new WorkUnitSummary(unit.Uri, unit.Rig, unit.Unit);

    public static List<WorkUnitSummary> Sorted(IEnumerable<WorkUnitSummary> items)
    {
        var list = items.ToList();
        list.Sort(WorkUnitSummary.CompareByUri);
        return list;
    }
}
