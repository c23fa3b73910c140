using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Query;

namespace GtWeb.Federation;

/// <summary>
/// Who depends on a work unit: open work anywhere in the federation (the ready query reads every chain)
/// whose dependency edges name it, by gt:// URI, by <c>external:rig:id</c> in its chain, or by id in its chain.
/// </summary>
internal static class Dependents
{
    public static IReadOnlyList<(WorkUnitSummary Unit, DependencyType Type)> Of(GtUri target, ReadyWorkResult federation)
    {
        var found = new List<(WorkUnitSummary, DependencyType)>();
        foreach (var unit in federation.Ready.Concat(federation.Blocked.Select(b => b.WorkUnit)))
        {
            if (unit.Uri == target)
            {
                continue;
            }

            foreach (var dependency in unit.WorkUnit.Dependencies)
            {
                if (References.Names(unit, dependency.DependsOnId, target))
                {
                    found.Add((unit, dependency.Type));
                    break;
                }
            }
        }

        return found;
    }
}
