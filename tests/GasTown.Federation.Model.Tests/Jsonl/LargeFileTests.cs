using System.Diagnostics;
using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>A generated 100k-issue file: correct, and within a stated memory bound.</summary>
[Collection(nameof(MemoryMeasurementCollection))]
public sealed class LargeFileTests
{
    // The bound we hold the document to: everything it keeps (the file's bytes, which it retains to write untouched
    // lines back verbatim, plus the parsed records and the index) is at most this many times the file size.
    private const double RetainedBoundTimesFileSize = 2.5;

    [Fact]
    public void A_100k_issue_file_loads_round_trips_and_stays_within_the_memory_bound()
    {
        var bytes = SyntheticIssues.Generate(100_000);
        var averageLine = bytes.Length / 100_000.0;
        averageLine.ShouldBeInRange(300, 500);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();

        var document = WorkUnitDocument.Parse(bytes);

        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retainedBeyondFile = GC.GetTotalMemory(forceFullCollection: true) - before;
        var retainedTotal = retainedBeyondFile + bytes.Length;
        var report =
            $"100k issues, {bytes.Length / 1e6:F1} MB ({averageLine:F0} B/line): parse {stopwatch.ElapsedMilliseconds} ms, " +
            $"allocated {allocated / 1e6:F1} MB, retained {retainedTotal / 1e6:F1} MB = {(double)retainedTotal / bytes.Length:F2}x file, " +
            $"{retainedBeyondFile / 100_000.0:F0} B/issue beyond the file bytes";
        TestContext.Current.SendDiagnosticMessage(report);

        document.Diagnostics.ShouldBeEmpty();
        document.WorkUnits.Count.ShouldBe(100_000);
        ((double)retainedTotal / bytes.Length).ShouldBeLessThanOrEqualTo(RetainedBoundTimesFileSize, report);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10)); // sanity only; speed is measured by the benchmark
        GC.KeepAlive(document);

        document.ToUtf8Bytes().ShouldBeBytes(bytes);
        document.TryGet(document.WorkUnits[77_777].Id, out var unit).ShouldBeTrue();
        unit.ShouldBeSameAs(document.WorkUnits[77_777]);
    }

    [Fact]
    public void The_generator_is_deterministic_and_its_output_is_canonical()
    {
        var a = SyntheticIssues.Generate(500);
        var b = SyntheticIssues.Generate(500);

        a.ShouldBe(b);
        var document = WorkUnitDocument.Parse(a);
        document.Canonicalize().ToUtf8Bytes().ShouldBe(a);
        Encoding.UTF8.GetString(a).ShouldContain("\\u0026\\u0026");
    }
}
