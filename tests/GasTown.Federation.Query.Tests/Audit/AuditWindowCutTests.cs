using GasTown.Federation.Provenance;
using GasTown.Federation.Query;

namespace GasTown.Federation.Query.Tests.Audit;

/// <summary>
/// The cut an audit page applies to what its sources gave (a chain's commits are walked whole for every page): on random
/// audits with many entries per second, twins and offsets, every page cut from the kept entries is the page cut from all
/// of them, with the same next token.
/// </summary>
public sealed class AuditWindowCutTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_page_cut_from_the_kept_entries_is_the_page_cut_from_all_of_them()
    {
        var random = new Random(20261201);
        for (var sample = 0; sample < 300; sample++)
        {
            var entries = RandomEntries(random, random.Next(0, 60), seconds: random.Next(1, 20));
            AuditQuery.Sort(entries);
            var whole = new AuditResult("*", entries, [], [], []);
            var limit = random.Next(1, 6);

            // Walk the whole audit's pages; at each position, the page cut from the window's entries (in any order) is the same.
            AuditPagePosition? position = null;
            var list = PagedList.Audit(ActorPattern.Parse("*"));
            foreach (var expected in AuditQuery.Pages(whole, list, null, limit))
            {
                var kept = new List<AuditEntry>(entries.OrderBy(_ => random.Next()));
                AuditWindowCut.Keep(kept, new QueryIndexAuditWindow(position?.Instant, limit + 1));
                AuditQuery.Sort(kept);
                var page = AuditQuery.Pages(whole with { Entries = kept }, list, position, limit).First();

                page.Result.Entries.ShouldBe(expected.Result.Entries, $"sample {sample}, limit {limit}, after {position?.Encode(list)}");
                page.Next.ShouldBe(expected.Next, $"sample {sample}");
                kept.Count.ShouldBeLessThanOrEqualTo(entries.Count);
                position = expected.Next is { } next ? AuditPagePosition.Decode(list, next) : null;
            }
        }
    }

    [Fact]
    public void A_first_page_keeps_the_newest_seconds_only()
    {
        // 1,000 entries, one a second: a first page of 10 keeps the 11 newest (one more tells a next page exists).
        var entries = Enumerable.Range(0, 1_000).Select(n => Entry(Start.AddSeconds(n), $"e{n}")).ToList();

        AuditWindowCut.Keep(entries, new QueryIndexAuditWindow(null, 11));

        entries.Select(e => e.Summary).Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(989, 11).Select(n => $"e{n}").Order(StringComparer.Ordinal));
    }

    private static List<AuditEntry> RandomEntries(Random random, int count, int seconds)
    {
        var entries = new List<AuditEntry>(count);
        for (var n = 0; n < count; n++)
        {
            // Few seconds, so many entries share one; half seconds and offsets, so an instant's second is not its text's.
            var at = Start.AddSeconds(random.Next(seconds)).AddMilliseconds(random.Next(2) * 500).ToOffset(TimeSpan.FromHours(random.Next(-2, 3)));
            var entry = Entry(at, $"s{random.Next(4)}", random.Next(3) == 0 ? "git" : "beads");
            entries.Add(entry);
            if (random.Next(8) == 0)
            {
                entries.Add(entry); // a twin, as a repeated log line gives
            }
        }

        return entries;
    }

    private static AuditEntry Entry(DateTimeOffset at, string summary, string source = "beads") => new(at, source, "bead_created", "mayor", summary, null);
}
