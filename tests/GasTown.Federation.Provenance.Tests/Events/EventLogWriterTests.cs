using System.Text.Json.Nodes;
using GasTown.Federation.Provenance;
using GasTown.Federation.Provenance.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GasTown.Federation.Provenance.Tests.Events;

public sealed class EventLogWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appends_create_the_log_and_add_one_line_each()
    {
        using var town = new TestTown();

        await town.Writer.AppendAsync(town.Root, "sling", TestTown.Json("""{"bead":"gt-1","target":"gastown/polecats/nux"}"""), cancellationToken: Ct);
        town.Clock.Advance(TimeSpan.FromSeconds(61));
        await town.Writer.AppendAsync(town.Root, "hook", new JsonObject { ["bead"] = "gt-1" }, EventVisibility.Both, Ct);

        var result = await EventLogReader.ReadFileAsync(town.EventsFile, cancellationToken: Ct);
        result.Diagnostics.ShouldBeEmpty();
        result.Events.Select(e => (e.Type, e.TimestampText, e.Visibility)).ShouldBe(
        [
            ("sling", "2025-12-30T18:02:04Z", EventVisibility.Feed),
            ("hook", "2025-12-30T18:03:05Z", EventVisibility.Both),
        ]);
        result.Events.ShouldAllBe(e => e.Actor == "gastown/crew/joe" && e.Source == "gt");
    }

    [Fact]
    public async Task A_missing_actor_is_an_error_and_nothing_is_written()
    {
        using var town = new TestTown();
        var writer = new EventLogWriter(new ActorResolver(null, new DictionaryEnvironmentVariables([])));

        var ex = await Should.ThrowAsync<MissingActorException>(async () => await writer.AppendAsync(town.Root, "done", cancellationToken: Ct));

        ex.Message.ShouldContain("BEADS_ACTOR");
        File.Exists(town.EventsFile).ShouldBeFalse();
    }

    [Fact]
    public async Task The_actor_comes_from_BD_ACTOR_when_nothing_else_is_set()
    {
        using var town = new TestTown();
        var writer = new EventLogWriter(new ActorResolver(null, new DictionaryEnvironmentVariables([new("BD_ACTOR", "beads/refinery")])));

        var written = await writer.AppendAsync(town.Root, "merged", cancellationToken: Ct);

        written.Actor.ShouldBe("beads/refinery");
        town.Lines()[0].ShouldContain("\"actor\":\"beads/refinery\"");
    }

    [Fact]
    public async Task A_draft_may_name_its_own_actor_and_source_like_upstreams_gt_events()
    {
        using var town = new TestTown();

        var written = await town.Writer.AppendAsync(town.Root, new TownEventDraft("spawn", TestTown.Json("""{"rig":"gastown","polecat":"nux"}""")) { Actor = "gt", Source = "gtfed" }, Ct);

        written.Actor.ShouldBe("gt");
        town.Lines()[0].ShouldStartWith("{\"ts\":\"2025-12-30T18:02:04Z\",\"source\":\"gtfed\",\"type\":\"spawn\",\"actor\":\"gt\",\"payload\":{\"polecat\":\"nux\",\"rig\":\"gastown\"}");
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_is_written()
    {
        using var town = new TestTown();

        await Should.ThrowAsync<ArgumentException>(async () => await town.Writer.AppendAsync(town.Root, "x", TestTown.Json("[1,2]"), cancellationToken: Ct));
        await Should.ThrowAsync<ArgumentException>(async () => await town.Writer.AppendAsync(town.Root, " ", cancellationToken: Ct));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await town.Writer.AppendAsync(town.Root, "x", visibility: EventVisibility.Unknown, cancellationToken: Ct));
        await Should.ThrowAsync<ArgumentException>(async () =>
            await town.Writer.AppendBatchAsync(town.Root, [new TownEventDraft("ok"), new TownEventDraft("bad") { Actor = "a\nb" }], Ct));
        File.Exists(town.EventsFile).ShouldBeFalse();
    }

    [Fact]
    public async Task A_bad_event_is_named_by_the_parameter_the_caller_passed_and_as_one_event_or_by_its_place_in_the_batch()
    {
        // An empty type passed alone was "Event 0 has no type" naming parameter 'drafts', which the call does not have.
        using var town = new TestTown();

        (await Should.ThrowAsync<ArgumentException>(async () => await town.Writer.AppendAsync(town.Root, "", cancellationToken: Ct))).ParamName.ShouldBe("type");
        (await Should.ThrowAsync<ArgumentException>(async () => await town.Writer.AppendAsync(town.Root, " ", new System.Text.Json.Nodes.JsonObject(), cancellationToken: Ct))).ParamName.ShouldBe("type");
        var one = await Should.ThrowAsync<ArgumentException>(async () => await town.Writer.AppendAsync(town.Root, new TownEventDraft("x", TestTown.Json("[1]")), Ct));
        (one.ParamName, one.Message).ShouldBe(("draft", "The event's payload is a JSON Array; an event payload is a JSON object (or null for none). (Parameter 'draft')"));
        var actor = await Should.ThrowAsync<ArgumentException>(async () => await town.Writer.AppendAsync(town.Root, new TownEventDraft("x") { Actor = "a\nb" }, Ct));
        actor.ParamName.ShouldBe("draft");
        actor.Message.ShouldStartWith("The event has an invalid actor: ");
        var batch = await Should.ThrowAsync<ArgumentException>(async () => await town.Writer.AppendBatchAsync(town.Root, [new TownEventDraft("ok"), new TownEventDraft(" ")], Ct));
        (batch.ParamName, batch.Message).ShouldBe(("drafts", "Event 1 has no type; give one such as \"sling\" or \"done\". (Parameter 'drafts')"));
        File.Exists(town.EventsFile).ShouldBeFalse();
    }

    [Fact]
    public async Task A_town_folder_that_does_not_exist_is_an_error_not_a_silent_skip()
    {
        using var town = new TestTown();
        var missing = Path.Combine(town.Root, "no-such-town");

        var ex = await Should.ThrowAsync<DirectoryNotFoundException>(async () => await town.Writer.AppendAsync(missing, "done", cancellationToken: Ct));

        ex.Message.ShouldContain(missing);
    }

    [Fact]
    public async Task A_batch_is_written_in_order_in_one_piece()
    {
        using var town = new TestTown();
        var drafts = Enumerable.Range(0, 500).Select(i => new TownEventDraft("n", TestTown.Json($$"""{"i":{{i}}}"""))).ToList();

        var written = await town.Writer.AppendBatchAsync(town.Root, drafts, Ct);

        written.Count.ShouldBe(500);
        var events = EventLogReader.Read(File.ReadAllBytes(town.EventsFile)).Events;
        events.Select(e => e.Payload!["i"].GetInt32()).ShouldBe(Enumerable.Range(0, 500));
        (await town.Writer.AppendBatchAsync(town.Root, [], Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancellation_before_the_lock_writes_nothing()
    {
        using var town = new TestTown();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () => await town.Writer.AppendAsync(town.Root, "done", cancellationToken: cancelled.Token));

        File.Exists(town.EventsFile).ShouldBeFalse();
    }

    [Fact]
    public async Task An_append_to_a_town_this_process_may_not_write_fails_with_the_sdk_s_error_and_writes_nothing()
    {
        // A read-only town gave the raw IOException of the lock file's open ("could not open …: Read-only file system").
        using var town = new TestTown();
        var writer = new EventLogWriter(new ActorResolver(town.Options), town.Options, town.Clock);
        using (var mount = GasTown.Federation.TestSupport.ReadOnlyMount.TryBind(town.Root))
        {
            if (mount is null)
            {
                Assert.Skip("Bind-mounting a folder read-only needs root (mount --bind, remount ro); this process may not.");
            }

            var refused = await Should.ThrowAsync<GasTown.Federation.Model.TownFileAccessException>(async () => await writer.AppendAsync(town.Root, "done", cancellationToken: Ct));
            refused.ErrorKind.ShouldBe(FederationErrorKind.RemoteFailure);
            refused.Path.ShouldEndWith(".events.jsonl.lock");
            refused.Message.ShouldContain("Nothing was changed.");
        }

        File.Exists(town.EventsFile).ShouldBeFalse();
    }

    [Fact]
    public async Task After_a_torn_tail_the_next_append_starts_a_new_line_and_logs_the_repair()
    {
        using var town = new TestTown();
        await File.WriteAllTextAsync(town.EventsFile, "{\"ts\":\"2025-12-30T18:00:00Z\",\"source\":\"gt\",\"type\":\"a\",\"actor\":\"mayor\",\"visibility\":\"feed\"}\n{\"ts\":\"2025-12-30T18:0", Ct);
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)));
        var writer = new EventLogWriter(new ActorResolver(town.Options), town.Options, town.Clock, factory.CreateLogger<EventLogWriter>());

        await writer.AppendAsync(town.Root, "b", cancellationToken: Ct);

        var result = EventLogReader.Read(File.ReadAllBytes(town.EventsFile));
        result.Events.Select(e => e.Type).ShouldBe(["a", "b"]);
        result.Diagnostics.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            d => d.Kind.ShouldBe(EventLogDiagnosticKind.MalformedLine),
            d => d.LineNumber.ShouldBe(2));
        logs.GetSnapshot().ShouldContain(r => r.Id.Id == Log.IdTornTailRepaired && r.Level == LogLevel.Warning);
        File.ReadAllText(town.EventsFile).ShouldEndWith("\"visibility\":\"feed\"}\n");
    }

    [Fact]
    public async Task Log_event_ids_are_unique_and_in_the_packages_range()
    {
        var ids = typeof(Log).GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.StartsWith("Id", StringComparison.Ordinal))
            .Select(f => (int)f.GetRawConstantValue()!)
            .ToList();

        ids.Count.ShouldBeGreaterThan(3);
        ids.ShouldBeUnique();
        ids.ShouldAllBe(id => id >= 1100 && id < 1200);
        await Task.CompletedTask;
    }
}
