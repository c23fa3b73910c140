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

    /// <summary>
    /// Walks every page of <paramref name="town"/>'s audit of <paramref name="pattern"/>, <paramref name="size"/> entries
    /// a page, and asserts that together they are <paramref name="whole"/>'s entries, once each, in order.
    /// </summary>
    public static async Task PagesAreTheWholeAsync(Hosting.Town town, Provenance.ActorPattern pattern, DateTimeOffset? since, int size, AuditResult whole, string because)
    {
        var paged = new List<AuditEntry>();
        string? after = null;
        var pages = 0;
        do
        {
            // A token that led back to an earlier place would walk for ever: no more pages than entries, and one.
            (++pages).ShouldBeLessThanOrEqualTo(whole.Entries.Count / size + 2, because);
            var page = await town.Queries.AuditPageAsync(pattern, since, size, after, TestContext.Current.CancellationToken);
            page.Result.Entries.Count.ShouldBeLessThanOrEqualTo(size, because);
            paged.AddRange(page.Result.Entries);
            after = page.Next;
        }
        while (after is not null);

        paged.Select(Describe).ShouldBe(whole.Entries.Select(Describe), $"{because}, pages of {size}");
    }

    private static string Describe(AuditEntry e)
        => $"{e.Timestamp:O} | {e.Source} | {e.Type} | {e.Actor} | {e.Summary} | {e.Uri} | {e.Signature}";
}
