using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.TestSupport;

/// <summary>
/// A deterministic generator of realistic beads issues (shape and value mix of the real gastown/beads files:
/// -08:00 offsets with 3–9 fraction digits, tombstones, embedded dependencies, escapes and non-ASCII text),
/// written by the canonical writer. Shared by the Model tests and the JSONL benchmarks.
/// </summary>
public static class SyntheticIssues
{
    private static readonly string[] Actors = ["mayor", "gastown/crew/max", "gastown/crew/joe", "gastown/polecats/rictus", "stevey", "beads/crew/dave", "deacon", "gastown/polecats/nux"];
    private static readonly string[] Words = ["sync", "molecule", "refinery", "witness", "polecat", "convoy", "merge", "queue", "route", "prefix", "daemon", "export", "import", "tombstone", "hook", "agent", "rig", "town", "bead", "patrol"];

    /// <summary>Generates <paramref name="count"/> issues as the bytes of an issues.jsonl; the same arguments give the same bytes.</summary>
    /// <param name="count">How many issues (lines) to write.</param>
    /// <param name="seed">The seed of the value mix.</param>
    /// <returns>The UTF-8 JSONL bytes.</returns>
    public static byte[] Generate(int count, int seed = 42)
    {
        var random = new Random(seed);
        var units = new List<WorkUnit>(count);
        var baseTime = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.FromHours(-8));
        for (var i = 0; i < count; i++)
        {
            var id = "gt-" + Base36(i * 7919L + 100_000, 6);
            var created = baseTime.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 30));
            var updated = created.AddTicks(random.NextInt64(TimeSpan.TicksPerDay));
            var roll = random.Next(100);
            var status = roll < 45 ? WorkStatus.Closed : roll < 80 ? WorkStatus.Tombstone : roll < 95 ? WorkStatus.Open : WorkStatus.Hooked;
            var type = random.Next(10) switch { < 6 => WorkType.Task, 6 => WorkType.Bug, 7 => WorkType.Feature, 8 => WorkType.Epic, _ => WorkType.MergeRequest };
            var unit = new WorkUnit
            {
                Id = id,
                Title = Sentence(random, 3, 8),
                Description = random.Next(10) < 9 ? Description(random) : null,
                Status = status,
                Priority = random.Next(10) switch { < 6 => 2, < 8 => 1, 8 => 3, _ => 0 },
                IssueType = type,
                Assignee = random.Next(20) == 0 ? Actors[random.Next(Actors.Length)] : null,
                CreatedAt = Stamp(created, random),
                CreatedBy = random.Next(3) > 0 ? Actors[random.Next(Actors.Length)] : null,
                UpdatedAt = Stamp(updated, random),
                ClosedAt = status == WorkStatus.Closed ? Stamp(updated, random) : null,
                CloseReason = status == WorkStatus.Closed && random.Next(3) == 0 ? "Done: " + Sentence(random, 2, 5) : null,
                Labels = random.Next(25) == 0 ? ["workflow", "gh:" + random.Next(1000)] : [],
                DeletedAt = status == WorkStatus.Tombstone ? Stamp(updated.AddMinutes(1), random) : null,
                DeletedBy = status == WorkStatus.Tombstone ? "daemon" : null,
                DeleteReason = status == WorkStatus.Tombstone ? "batch delete" : null,
                OriginalType = status == WorkStatus.Tombstone ? type.Value : null,
            };
            if (random.Next(10) < 3 && i > 0)
            {
                var dependencies = new List<Dependency>();
                for (var d = 0; d < (random.Next(4) == 0 ? 2 : 1); d++)
                {
                    var target = "gt-" + Base36(random.Next(i) * 7919L + 100_000, 6);
                    dependencies.Add(new Dependency(id, target, random.Next(2) == 0 ? DependencyType.Blocks : DependencyType.ParentChild, Stamp(created, random), "daemon"));
                }

                unit = unit with { Dependencies = dependencies };
            }

            units.Add(unit);
        }

        return WorkUnitDocument.Create(units).ToUtf8Bytes();
    }

    private static BeadsTimestamp Stamp(DateTimeOffset value, Random random)
    {
        // Real files mostly carry 6 fraction digits, some 3–5, a few 8–9.
        var digits = random.Next(20) switch { 0 => 3, 1 => 4, 2 or 3 => 5, 4 => 9, _ => 6 };
        var ticks = value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond);
        var fraction = random.Next(1, 1_000_000_000);
        var nanos = fraction - (fraction % (int)Math.Pow(10, 9 - digits));
        var withTicks = new DateTimeOffset(ticks + (nanos / 100), value.Offset);
        return BeadsTimestamp.FromDateTimeOffset(withTicks, nanos % 100);
    }

    private static string Description(Random random)
    {
        var text = new StringBuilder();
        text.Append("## Problem\n").Append(Sentence(random, 3, 10)).Append(".\n\n");
        if (random.Next(4) == 0)
        {
            text.Append("Run `gt sync --rig <name>` && check \"status\" → ok.\n");
        }

        if (random.Next(8) == 0)
        {
            text.Append("Résumé: naïve café, 日本語 ✓\n");
        }

        if (random.Next(2) == 0)
        {
            text.Append("## Fix\n").Append(Sentence(random, 2, 8)).Append('.');
        }

        return text.ToString();
    }

    private static string Sentence(Random random, int min, int max)
    {
        var count = random.Next(min, max);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = Words[random.Next(Words.Length)];
        }

        return string.Join(' ', words);
    }

    private static string Base36(long value, int width)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = digits[(int)(value % 36)];
            value /= 36;
        }

        return new string(chars);
    }
}
