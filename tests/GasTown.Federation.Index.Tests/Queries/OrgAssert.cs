using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>Two organisation listings are the same: members, unverified claims with their verdicts, every item with its exact line, and every chain's state.</summary>
internal static class OrgAssert
{
    public static void Same(OrganizationWorkResult indexed, OrganizationWorkResult loaded)
    {
        indexed.Organization.ShouldBe(loaded.Organization);
        indexed.Members.ShouldBe(loaded.Members);
        indexed.UnverifiedClaims.Select(Describe).ShouldBe(loaded.UnverifiedClaims.Select(Describe));
        SameItems(indexed.Items, loaded.Items);
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.Truncations.ShouldBe(loaded.Truncations);
        ShowAssert.SameChains(indexed.Chains, loaded.Chains);
    }

    public static void SameItems(IReadOnlyList<MemberWorkItem> indexed, IReadOnlyList<MemberWorkItem> loaded)
    {
        indexed.Select(i => (i.WorkUnit.Uri.ToString(), i.Member.Value, i.Attribution)).ShouldBe(loaded.Select(i => (i.WorkUnit.Uri.ToString(), i.Member.Value, i.Attribution)));
        for (var i = 0; i < loaded.Count; i++)
        {
            indexed[i].WorkUnit.ShouldBe(loaded[i].WorkUnit);
            indexed[i].WorkUnit.Rig.ShouldBe(loaded[i].WorkUnit.Rig);
            indexed[i].WorkUnit.UpstreamLine.ToArray().ShouldBe(loaded[i].WorkUnit.UpstreamLine.ToArray());
        }
    }

    private static string Describe(UnverifiedClaim claim) => $"{claim.Type} {claim.Subject} {claim.Object} {claim.AssertedBy} {claim.Status} {claim.Reason} {claim.Relationship}";
}
