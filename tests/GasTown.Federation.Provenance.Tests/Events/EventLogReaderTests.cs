using System.Text;
using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;

namespace GasTown.Federation.Provenance.Tests.Events;

public sealed class EventLogReaderTests
{
    private const string Sample =
        "{\"ts\":\"2025-12-30T18:00:00Z\",\"source\":\"gt\",\"type\":\"sling\",\"actor\":\"gastown/crew/joe\",\"payload\":{\"bead\":\"gt-1\"},\"visibility\":\"feed\"}\n" +
        "{\"ts\":\"2025-12-30T18:01:00Z\",\"source\":\"gt\",\"type\":\"done\",\"actor\":\"beads/crew/joe\",\"visibility\":\"audit\"}\n" +
        "not json at all\n" +
        "\n" +
        "{\"ts\":\"2025-12-30T18:02:00+01:00\",\"source\":\"gt\",\"type\":\"merged\",\"actor\":\"gastown/refinery\",\"visibility\":\"both\",\"future_key\":{\"x\":[1]}}\r\n" +
        "{\"source\":\"gt\",\"type\":\"no-ts\",\"actor\":\"mayor\",\"visibility\":\"feed\"}\n" +
        "{\"ts\":\"2025-12-30T18:03:00Z\",\"source\":\"gt\",\"type\":\"spawn\",\"actor\":\"gt\",\"visibility\":\"private\"}\n" +
        "{\"ts\":\"2025-12-30T18:04:00Z\",\"source\":\"gt\",\"type\":\"x\",\"actor\":\"gastown/polecats/nux\",\"visibility\":\"feed\"} trailing\n" +
        "{\"ts\":\"2025-12-30T18:05:00Z\",\"source\":\"gt\",\"type\":\"nudge\",\"actor\":\"gastown/polecats/nux\",\"payload\":{\"reason\":\"\\u003cstuck\\u003e\"},\"visibility\":\"feed\"}\n" +
        "{\"ts\":\"2025-12-30T18:06:00Z\",\"source\":\"gt\",\"ty";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Reads_good_lines_and_reports_malformed_ones_and_the_torn_tail_with_line_numbers()
    {
        var result = EventLogReader.Read(Encoding.UTF8.GetBytes(Sample));

        result.Events.Select(e => (e.LineNumber, e.Type)).ShouldBe([(1, "sling"), (2, "done"), (5, "merged"), (7, "spawn"), (9, "nudge")]);
        result.Diagnostics.Select(d => (d.LineNumber, d.Kind)).ShouldBe(
        [
            (3, EventLogDiagnosticKind.MalformedLine),
            (6, EventLogDiagnosticKind.MalformedLine),
            (8, EventLogDiagnosticKind.MalformedLine),
            (10, EventLogDiagnosticKind.TornTail),
        ]);
        result.Diagnostics[1].Message.ShouldContain("\"ts\"");
        result.Diagnostics[2].Message.ShouldContain("follows");
        result.LineCount.ShouldBe(10);
        result.TornTail!.ByteOffset.ShouldBe(Encoding.UTF8.GetByteCount(Sample[..Sample.LastIndexOf('\n')]) + 1);
    }

    [Fact]
    public void Keeps_unknown_keys_unknown_visibilities_and_offsets()
    {
        var events = EventLogReader.Read(Encoding.UTF8.GetBytes(Sample)).Events;

        var merged = events.Single(e => e.Type == "merged");
        merged.AdditionalProperties["future_key"].GetProperty("x")[0].GetInt32().ShouldBe(1);
        merged.Timestamp.ShouldBe(new DateTimeOffset(2025, 12, 30, 17, 2, 0, TimeSpan.Zero));
        merged.TimestampText.ShouldBe("2025-12-30T18:02:00+01:00");
        var spawn = events.Single(e => e.Type == "spawn");
        spawn.Visibility.ShouldBe(EventVisibility.Unknown);
        spawn.VisibilityText.ShouldBe("private");
        events.Single(e => e.Type == "nudge").Payload!["reason"].GetString().ShouldBe("<stuck>");
        events.Single(e => e.Type == "done").Payload.ShouldBeNull();
        events[0].ActorId!.Value.Role.ShouldBe(ActorRole.Crew);
    }

    [Fact]
    public void Filters_by_type_actor_pattern_time_and_visibility()
    {
        var bytes = Encoding.UTF8.GetBytes(Sample);
        string[] Types(EventFilter filter) => [.. EventLogReader.Read(bytes, filter).Events.Select(e => e.Type)];

        Types(new EventFilter { Actor = ActorPattern.Parse("gastown/*") }).ShouldBe(["sling", "merged", "nudge"]);
        Types(new EventFilter { Actor = ActorPattern.Parse("gastown/crew/joe") }).ShouldBe(["sling"]);
        Types(new EventFilter { Actor = ActorPattern.Parse("*/polecats/*") }).ShouldBe(["nudge"]);
        Types(new EventFilter { Types = ["done", "spawn"] }).ShouldBe(["done", "spawn"]);
        Types(new EventFilter { Since = DateTimeOffset.Parse("2025-12-30T18:01:00Z", System.Globalization.CultureInfo.InvariantCulture), Until = DateTimeOffset.Parse("2025-12-30T18:05:00Z", System.Globalization.CultureInfo.InvariantCulture) })
            .ShouldBe(["done", "spawn"]); // merged is 18:02+01:00, i.e. 17:02Z
        Types(new EventFilter { VisibleIn = EventVisibility.Feed }).ShouldBe(["sling", "merged", "nudge"]);
        Types(new EventFilter { VisibleIn = EventVisibility.Audit }).ShouldBe(["done", "merged"]);
        Types(new EventFilter { VisibleIn = EventVisibility.Feed, Actor = ActorPattern.Parse("GASTOWN/*"), Types = ["merged"] }).ShouldBe(["merged"]);
    }

    [Fact]
    public async Task Streaming_from_a_file_gives_what_the_in_memory_reader_gives_even_across_chunk_boundaries()
    {
        using var town = new TestTown();
        var builder = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            builder.Append("{\"ts\":\"2025-12-30T18:00:00Z\",\"source\":\"gt\",\"type\":\"t").Append(i)
                .Append("\",\"actor\":\"mayor\",\"payload\":{\"pad\":\"").Append('x', i % 97).Append("\"},\"visibility\":\"feed\"}\n");
        }

        builder.Append(Sample);
        await File.WriteAllTextAsync(town.EventsFile, builder.ToString(), Ct);
        var expected = EventLogReader.Read(await File.ReadAllBytesAsync(town.EventsFile, Ct));
        var diagnostics = new List<EventLogDiagnostic>();

        var streamed = new List<TownEvent>();
        await foreach (var e in EventLogReader.ReadAsync(town.EventsFile, onDiagnostic: diagnostics.Add, cancellationToken: Ct))
        {
            streamed.Add(e);
        }

        streamed.Select(e => (e.LineNumber, e.Type)).ShouldBe(expected.Events.Select(e => (e.LineNumber, e.Type)));
        diagnostics.ShouldBe(expected.Diagnostics);
        (await EventLogReader.ReadFileAsync(town.EventsFile, cancellationToken: Ct)).Diagnostics.ShouldBe(expected.Diagnostics);
    }

    [Fact]
    public async Task A_log_that_does_not_exist_reads_as_empty()
    {
        using var town = new TestTown();

        var result = await EventLogReader.ReadFileAsync(town.EventsFile, cancellationToken: Ct);

        result.Events.ShouldBeEmpty();
        result.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public async Task Follow_waits_for_the_file_then_yields_appended_events_and_holds_partial_lines_until_complete()
    {
        using var town = new TestTown();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        var received = new List<TownEvent>();
        var follow = Task.Run(async () =>
        {
            await foreach (var e in EventLogReader.FollowAsync(town.EventsFile, new EventFilter { Types = ["a", "b", "c"] }, new EventFollowOptions { PollInterval = TimeSpan.FromMilliseconds(20) }, cts.Token))
            {
                lock (received)
                {
                    received.Add(e);
                    if (received.Count == 3)
                    {
                        return;
                    }
                }
            }
        }, cts.Token);

        await Task.Delay(200, Ct); // the file does not exist yet
        await town.Writer.AppendAsync(town.Root, "a", cancellationToken: Ct);
        await town.Writer.AppendAsync(town.Root, "skipped-by-filter", cancellationToken: Ct);
        await WaitUntil(() => Count(received) == 1);

        // Half a line: not yielded until its newline arrives.
        var line = (await town.Writer.AppendAsync(Path.Combine(town.Root), "b", cancellationToken: Ct)).ToUtf8Line();
        await File.AppendAllTextAsync(town.EventsFile, Encoding.UTF8.GetString(line)[..30].Replace("\"b\"", "\"c\"", StringComparison.Ordinal), Ct);
        await Task.Delay(200, Ct);
        Count(received).ShouldBe(2);
        await File.AppendAllTextAsync(town.EventsFile, Encoding.UTF8.GetString(line)[30..].Replace("\"b\"", "\"c\"", StringComparison.Ordinal), Ct);

        await follow;
        received.Select(e => e.Type).ShouldBe(["a", "b", "c"]);
        received.Select(e => e.LineNumber).ShouldBe([1, 3, 4]);
    }

    [Fact]
    public async Task Follow_from_the_end_skips_existing_events_reports_truncation_and_stops_on_cancellation()
    {
        using var town = new TestTown();
        await town.Writer.AppendAsync(town.Root, "old", cancellationToken: Ct);
        await town.Writer.AppendAsync(town.Root, "old", cancellationToken: Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var received = new List<TownEvent>();
        var diagnostics = new List<EventLogDiagnostic>();
        var options = new EventFollowOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            StartAtEnd = true,
            OnDiagnostic = d => { lock (diagnostics) { diagnostics.Add(d); } },
        };
        var follow = Task.Run(async () =>
        {
            await foreach (var e in EventLogReader.FollowAsync(town.EventsFile, null, options, cts.Token))
            {
                lock (received)
                {
                    received.Add(e);
                }
            }
        }, cts.Token);

        await Task.Delay(200, Ct);
        await town.Writer.AppendAsync(town.Root, "new", cancellationToken: Ct);
        await WaitUntil(() => Count(received) == 1);
        received[0].LineNumber.ShouldBe(3);

        await File.WriteAllTextAsync(town.EventsFile, string.Empty, Ct); // truncated (rotated)
        await Task.Delay(200, Ct);
        await town.Writer.AppendAsync(town.Root, "after-rotation", cancellationToken: Ct);
        await WaitUntil(() => Count(received) == 2);

        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(async () => await follow);
        received.Select(e => e.Type).ShouldBe(["new", "after-rotation"]);
        received[1].LineNumber.ShouldBe(1);
        diagnostics.ShouldContain(d => d.Kind == EventLogDiagnosticKind.FileTruncated);
    }

    private static int Count(List<TownEvent> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the follower should have seen the event");
            await Task.Delay(20, Ct);
        }
    }
}
