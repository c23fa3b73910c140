using System.Text.Json;
using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;

namespace GasTown.Federation.Provenance.Tests.Events;

/// <summary>Real OS processes (the EventAppender helper, started with <c>dotnet</c>) writing one log at once.</summary>
public sealed class EventLogMultiProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Eight_processes_appending_hundreds_of_events_each_at_once_lose_and_tear_nothing()
    {
        // 2,000 appends contended by eight writers at once (each append takes the lock and syncs the file, so a thousand
        // each cost this module 40 seconds, most of its time, for no contention that hundreds do not already give). Each
        // writer waits, started, for one go file, so they append at once rather than one after another as they start.
        const int Processes = 8;
        const int PerProcess = 250;
        using var town = new TestTown();
        var go = Path.Combine(town.Root, "go");

        var writers = Enumerable.Range(0, Processes)
            .Select(p => ProcessRunner.StartAppender("append", town.Root, p.ToString(System.Globalization.CultureInfo.InvariantCulture), PerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture), "1", go))
            .ToList();
        foreach (var writer in writers)
        {
            (await writer.StandardOutput.ReadLineAsync(Ct)).ShouldBe("ready");
        }

        await File.WriteAllTextAsync(go, "", Ct);
        foreach (var writer in writers)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cts.CancelAfter(TimeSpan.FromMinutes(4));
            await writer.WaitForExitAsync(cts.Token);
            writer.ExitCode.ShouldBe(0, await writer.StandardError.ReadToEndAsync(Ct));
            writer.Dispose();
        }

        var bytes = await File.ReadAllBytesAsync(town.EventsFile, Ct);
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
        lines[^1].ShouldBeEmpty("the log ends with a newline");
        lines.Length.ShouldBe((Processes * PerProcess) + 1);
        foreach (var line in lines[..^1])
        {
            using var document = JsonDocument.Parse(line); // every line is valid JSON on its own
        }

        var result = EventLogReader.Read(bytes);
        result.Diagnostics.ShouldBeEmpty();
        var seen = result.Events.Select(e => (Proc: e.Payload!["proc"].GetInt32(), Seq: e.Payload!["seq"].GetInt32())).ToList();
        seen.Distinct().Count().ShouldBe(Processes * PerProcess, "every event exactly once");
        // The writers' appends interleaved (the lock was contended), not one writer's run after another's.
        seen.Zip(seen.Skip(1)).Count(pair => pair.First.Proc != pair.Second.Proc).ShouldBeGreaterThan(Processes * 4, "the writers appended at once");
        for (var p = 0; p < Processes; p++)
        {
            // Each process's own events stay in the order it wrote them.
            seen.Where(s => s.Proc == p).Select(s => s.Seq).ShouldBe(Enumerable.Range(0, PerProcess));
            result.Events.Where(e => e.Payload!["proc"].GetInt32() == p).ShouldAllBe(e => e.Actor == $"gastown/polecats/p{p}");
        }
    }

    [Fact]
    public async Task A_writer_killed_mid_line_leaves_a_log_that_reads_back_with_a_torn_tail_and_later_appends_stay_valid()
    {
        using var town = new TestTown();
        await town.Writer.AppendAsync(town.Root, "before1", cancellationToken: Ct);
        await town.Writer.AppendAsync(town.Root, "before2", cancellationToken: Ct);

        using (var crasher = ProcessRunner.StartAppender("torn", town.EventsFile))
        {
            (await crasher.StandardOutput.ReadLineAsync(Ct)).ShouldBe("ready");
            crasher.Kill(entireProcessTree: true);
            await crasher.WaitForExitAsync(Ct);
        }

        var torn = await EventLogReader.ReadFileAsync(town.EventsFile, cancellationToken: Ct);
        torn.Events.Select(e => e.Type).ShouldBe(["before1", "before2"]);
        torn.TornTail.ShouldNotBeNull().ShouldSatisfyAllConditions(
            d => d.LineNumber.ShouldBe(3),
            d => d.Kind.ShouldBe(EventLogDiagnosticKind.TornTail));
        torn.Diagnostics.Count.ShouldBe(1);

        await town.Writer.AppendAsync(town.Root, "after", cancellationToken: Ct);

        var repaired = await EventLogReader.ReadFileAsync(town.EventsFile, cancellationToken: Ct);
        repaired.Events.Select(e => e.Type).ShouldBe(["before1", "before2", "after"]);
        repaired.Diagnostics.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            d => d.LineNumber.ShouldBe(3),
            d => d.Kind.ShouldBe(EventLogDiagnosticKind.MalformedLine));
        repaired.TornTail.ShouldBeNull();
    }
}
