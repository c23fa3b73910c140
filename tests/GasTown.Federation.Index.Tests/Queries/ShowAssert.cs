using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>Two show answers are the same: every field, every list element, the work unit's exact upstream line.</summary>
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
        indexed.Chains.Count.ShouldBe(loaded.Chains.Count);
        for (var i = 0; i < loaded.Chains.Count; i++)
        {
            var (a, b) = (indexed.Chains[i], loaded.Chains[i]);
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
