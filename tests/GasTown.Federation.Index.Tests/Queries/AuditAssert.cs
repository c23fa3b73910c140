using GasTown.Federation.Query;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>Two audits are the same: every entry in order (its instant with its offset, its text, its signature verdict), the unreachable chains, the truncations and every chain's state.</summary>
internal static class AuditAssert
{
    public static void Same(AuditResult indexed, AuditResult loaded)
    {
        indexed.Pattern.ShouldBe(loaded.Pattern);
        indexed.Entries.Select(Describe).ShouldBe(loaded.Entries.Select(Describe));
        indexed.Unreachable.ShouldBe(loaded.Unreachable);
        indexed.Truncations.ShouldBe(loaded.Truncations);
        ShowAssert.SameChains(indexed.Chains, loaded.Chains);
    }

    private static string Describe(AuditEntry e)
        => $"{e.Timestamp:O} | {e.Source} | {e.Type} | {e.Actor} | {e.Summary} | {e.Uri} | {e.Signature}";
}
