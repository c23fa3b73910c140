using System.Runtime.CompilerServices;
using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>
/// A document read with <see cref="JsonlReadOptions.KeepBuiltUnits"/> false (the index's whole load of a chain, for what
/// the load says of it) answers as a document that keeps them, reference identity included, and lets a built unit go once
/// no one holds it: a pass over a 100k-issue file holds the file's bytes, not every unit built from them.
/// </summary>
public sealed class WeakUnitTests
{
    private static readonly JsonlReadOptions Weak = new() { KeepBuiltUnits = false };

    private static byte[] FileWithARepeatedId()
        => [.. Encoding.UTF8.GetBytes("""{"id":"gt-a","title":"First"}""" + "\n" + """{"id":"gt-b","title":"Second"}""" + "\n" + """{"id":"gt-a","title":"First again"}""" + "\n"),
            .. SyntheticIssues.Generate(500)];

    [Fact]
    public void A_document_that_keeps_no_units_answers_as_one_that_does()
    {
        var bytes = FileWithARepeatedId();
        var kept = WorkUnitDocument.Parse(bytes);
        var weak = WorkUnitDocument.Parse(bytes, Weak);

        weak.WorkUnits.Select(u => (u.Id, u.Title, u.Status.Value, u.Dependencies.Count)).ShouldBe(kept.WorkUnits.Select(u => (u.Id, u.Title, u.Status.Value, u.Dependencies.Count)));
        weak.Diagnostics.Select(d => (d.LineNumber, d.Kind)).ShouldBe(kept.Diagnostics.Select(d => (d.LineNumber, d.Kind)));

        // Reference identity, which IsSuperseded and TryGetOriginalLine go by, holds for an instance someone holds.
        var first = weak.WorkUnits[0];
        weak.WorkUnits[0].ShouldBeSameAs(first);
        weak.IsSuperseded(first).ShouldBeTrue("a later line repeats gt-a");
        weak.TryGetOriginalLine(first, out var firstLine).ShouldBeTrue();
        Encoding.UTF8.GetString(firstLine.Span).ShouldBe("""{"id":"gt-a","title":"First"}""");

        weak.TryGet("gt-a", out var last).ShouldBeTrue();
        last.Title.ShouldBe("First again");
        weak.IsSuperseded(last).ShouldBeFalse();
        weak.TryGetOriginalLine(last, out var lastLine).ShouldBeTrue();
        Encoding.UTF8.GetString(lastLine.Span).ShouldBe("""{"id":"gt-a","title":"First again"}""");
        weak.WorkUnits[2].ShouldBeSameAs(last);
    }

    [Fact]
    public void A_built_unit_no_one_holds_is_let_go_and_built_again_from_its_line()
    {
        var bytes = FileWithARepeatedId();
        var kept = WorkUnitDocument.Parse(bytes);
        var weak = WorkUnitDocument.Parse(bytes, Weak);

        var keptUnit = BuildAndDrop(kept, 100);
        var weakUnit = BuildAndDrop(weak, 100);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        keptUnit.TryGetTarget(out _).ShouldBeTrue("a document keeps the units it built by default");
        weakUnit.TryGetTarget(out _).ShouldBeFalse("with KeepBuiltUnits false, a unit no one holds is not kept");
        weak.WorkUnits[100].Id.ShouldBe(kept.WorkUnits[100].Id, "and it is built again from its line");
        GC.KeepAlive(kept);
        GC.KeepAlive(weak);
    }

    [Fact]
    public void Threads_asking_for_one_line_at_once_get_one_instance()
    {
        var weak = WorkUnitDocument.Parse(FileWithARepeatedId(), Weak);
        for (var round = 0; round < 20; round++)
        {
            var line = 10 + round;
            var seen = new WorkUnit[8];
            Parallel.For(0, seen.Length, i => seen[i] = weak.WorkUnits[line]);
            seen.Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1, "every thread holds the instance another thread built");
            weak.TryGetOriginalLine(seen[0], out _).ShouldBeTrue();
        }
    }

    // In a method of its own, so that no local of the test keeps the unit alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<WorkUnit> BuildAndDrop(WorkUnitDocument document, int index) => new(document.WorkUnits[index]);
}
