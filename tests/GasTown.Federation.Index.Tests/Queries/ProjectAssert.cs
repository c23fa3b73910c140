using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>Two project listings are the same: every item with its exact line, portions, claims, unreachable items, the walk's stop, chain states and truncations.</summary>
internal static class ProjectAssert
{
    public static void Same(ProjectWorkResult indexed, ProjectWorkResult loaded)
    {
        indexed.Project.ShouldBe(loaded.Project);
        ShowAssert.SameUnits(indexed.Items, loaded.Items);
        indexed.Delegations.Select(Describe).ShouldBe(loaded.Delegations.Select(Describe));
        indexed.UnverifiedClaims.Select(c => $"{c.Type} {c.Subject} {c.Object} {c.AssertedBy} {c.Status} {c.Reason}").ShouldBe(
            loaded.UnverifiedClaims.Select(c => $"{c.Type} {c.Subject} {c.Object} {c.AssertedBy} {c.Status} {c.Reason}"));
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.Stop.ShouldBe(loaded.Stop);
        indexed.Truncations.ShouldBe(loaded.Truncations);
        ShowAssert.SameChains(indexed.Chains, loaded.Chains);
    }

    private static string Describe(DelegatedPortion portion)
        => $"{portion.Parent} {portion.Portion} {portion.Deadline} {portion.IsComplete} [{string.Join(", ", portion.Children)}]";
}
