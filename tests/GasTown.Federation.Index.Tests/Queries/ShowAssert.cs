using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>Two show (or ready) answers are the same: every field, every list element, the work unit's exact upstream line.</summary>
internal static class ShowAssert
{
    public static void Same(ShowResult indexed, ShowResult loaded)
    {
        indexed.WorkUnit.ShouldBe(loaded.WorkUnit);
        indexed.WorkUnit.Rig.ShouldBe(loaded.WorkUnit.Rig);
        indexed.WorkUnit.UpstreamLine.ToArray().ShouldBe(loaded.WorkUnit.UpstreamLine.ToArray());
        indexed.Description.ShouldBe(loaded.Description);
        indexed.Labels.ShouldBe(loaded.Labels);
        indexed.Dependencies.ShouldBe(loaded.Dependencies);
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.DataAsOf.ShouldBe(loaded.DataAsOf);
        SameChains(indexed.Chains, loaded.Chains);
    }

    public static void Same(ReadyWorkResult indexed, ReadyWorkResult loaded)
    {
        SameUnits(indexed.Ready, loaded.Ready);
        SameUnits([.. indexed.Blocked.Select(b => b.WorkUnit)], [.. loaded.Blocked.Select(b => b.WorkUnit)]);
        indexed.Blocked.Select(b => string.Join(" ", b.Blockers)).ShouldBe(loaded.Blocked.Select(b => string.Join(" ", b.Blockers)));
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.Truncations.ShouldBe(loaded.Truncations);
        SameChains(indexed.Chains, loaded.Chains);
    }

    internal static void SameUnits(IReadOnlyList<WorkUnitSummary> indexed, IReadOnlyList<WorkUnitSummary> loaded)
    {
        indexed.Select(u => u.Uri.ToString()).ShouldBe(loaded.Select(u => u.Uri.ToString()));
        for (var i = 0; i < loaded.Count; i++)
        {
            indexed[i].ShouldBe(loaded[i]);
            indexed[i].Rig.ShouldBe(loaded[i].Rig);
            indexed[i].UpstreamLine.ToArray().ShouldBe(loaded[i].UpstreamLine.ToArray());
        }
    }

    internal static void SameChains(IReadOnlyList<ChainState> indexed, IReadOnlyList<ChainState> loaded)
    {
        indexed.Select(c => c.Chain.ToString()).ShouldBe(loaded.Select(c => c.Chain.ToString()));
        for (var i = 0; i < loaded.Count; i++)
        {
            var (a, b) = (indexed[i], loaded[i]);
            a.Chain.ShouldBe(b.Chain);
            a.Trust.ShouldBe(b.Trust);
            a.DataAsOf.ShouldBe(b.DataAsOf);
            a.IsStale.ShouldBe(b.IsStale);
            a.DroppedLines.ShouldBe(b.DroppedLines);
            a.Notes.ShouldBe(b.Notes);
            a.Unreachable.ShouldBe(b.Unreachable);
            a.Proof.ShouldBe(b.Proof);
        }
    }
}
