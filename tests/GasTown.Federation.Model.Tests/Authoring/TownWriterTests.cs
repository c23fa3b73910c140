using System.Text;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.Model.Tests.Authoring;

public sealed class TownWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
    private readonly TempDirectory _temp = new("gtfed-writer");
    private readonly FakeTimeProvider _clock = new(Now);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Town => _temp.Path;

    private async Task<TownWriter> NewTownAsync()
    {
        await new TownMetadata("main-town", "ada@example.com", null, BeadsTimestamp.FromDateTimeOffset(Now)).SaveAsync(Town, Ct);
        await RouteTable.Empty.SaveAsync(Path.Combine(Town, RouteTable.RelativePath), Ct);
        return new TownWriter(Town, _clock);
    }

    [Fact]
    public async Task Rig_add_lays_out_route_config_beads_folder_and_registry_as_gt_rig_add_does()
    {
        var writer = await NewTownAsync();

        var added = await writer.AddRigAsync("gastown", "gt", Ct);
        await writer.AddRigAsync("web_app", "web-", Ct);

        added.Route.ShouldBe(new Route("gt-", "gastown"));
        added.Folder.ShouldBe(Path.Combine(Town, "gastown"));
        File.ReadAllText(Path.Combine(Town, RouteTable.RelativePath)).ShouldBe("{\"prefix\":\"gt-\",\"path\":\"gastown\"}\n{\"prefix\":\"web-\",\"path\":\"web_app\"}\n");
        File.ReadAllBytes(Path.Combine(Town, "gastown", ".beads", "issues.jsonl")).ShouldBeEmpty();
        File.ReadAllText(Path.Combine(Town, "gastown", ".beads", "config.yaml")).ShouldBe("prefix: gt\nissue-prefix: gt\ndolt.idle-timeout: \"0\"\n");
        var config = (await RigConfig.LoadAsync(Town, "gastown", Ct)).ShouldNotBeNull();
        (config.Name, config.Version, config.Beads?.Prefix).ShouldBe(("gastown", 1, "gt"));
        File.ReadAllText(Path.Combine(Town, "gastown", "config.json")).ShouldStartWith("{\n  \"type\": \"rig\",\n  \"version\": 1,\n  \"name\": \"gastown\",");
        var rigs = (await TownRigs.LoadAsync(Town, Ct)).ShouldNotBeNull();
        rigs.Rigs.Select(r => (r.Name, r.Beads?.Prefix)).ShouldBe([("gastown", "gt"), ("web_app", "web")]);
        var chain = await new ChainLoader().LoadAsync(new FolderChainSource(Town), cancellationToken: Ct);
        chain.Rigs.Select(r => r.Name).ShouldContain("gastown");
    }

    [Fact]
    public async Task Rig_add_keeps_the_entries_gt_wrote_before()
    {
        var writer = await NewTownAsync();
        const string Existing = "{\n  \"version\": 1,\n  \"rigs\": {\n    \"beads\": {\n      \"git_url\": \"https://github.com/steveyegge/beads.git\",\n      \"push_url\": \"git@example.com:me/beads.git\",\n      \"added_at\": \"2026-01-02T03:04:05.123456789-08:00\",\n      \"beads\": {\n        \"repo\": \"\",\n        \"prefix\": \"bd\"\n      }\n    }\n  }\n}";
        Directory.CreateDirectory(Path.Combine(Town, "mayor"));
        File.WriteAllText(Path.Combine(Town, TownRigs.RelativePath), Existing);

        await writer.AddRigAsync("gastown", "gt", Ct);

        var text = File.ReadAllText(Path.Combine(Town, TownRigs.RelativePath));
        text.ShouldContain("\"push_url\": \"git@example.com:me/beads.git\"");
        text.ShouldContain("\"added_at\": \"2026-01-02T03:04:05.123456789-08:00\"");
        text.ShouldNotEndWith("\n");
        (await TownRigs.LoadAsync(Town, Ct))!.Rigs.Select(r => r.Name).ShouldBe(["beads", "gastown"]);
    }

    [Theory]
    [InlineData("gas-town", "gt", TownWriteError.InvalidInput, "hyphens")]
    [InlineData("gas town", "gt", TownWriteError.InvalidInput, "hyphens, dots, spaces")]
    [InlineData("hq", "hq", TownWriteError.InvalidInput, "reserved")]
    [InlineData("mayor", "my", TownWriteError.InvalidInput, "names the town's own folder")]
    [InlineData("Federation", "fd", TownWriteError.InvalidInput, "names the town's own folder")]
    [InlineData("web", "9x", TownWriteError.InvalidInput, "start with a letter")]
    [InlineData("web", "a_b", TownWriteError.InvalidInput, "letters, digits or hyphens")]
    [InlineData("gastown", "zz", TownWriteError.Conflict, "already exists")]
    [InlineData("other", "gt-", TownWriteError.Conflict, "already routed")]
    [InlineData("GasTown", "zz", TownWriteError.Conflict, "differ only in case")] // was added, and then refused by every publish
    public async Task Rig_add_refuses_bad_names_prefixes_and_duplicates_and_writes_nothing(string name, string prefix, TownWriteError error, string message)
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        var routesBefore = File.ReadAllBytes(Path.Combine(Town, RouteTable.RelativePath));

        var ex = await Should.ThrowAsync<TownWriteException>(async () => await writer.AddRigAsync(name, prefix, Ct));

        ex.Error.ShouldBe(error);
        ex.Message.ShouldContain(message);
        File.ReadAllBytes(Path.Combine(Town, RouteTable.RelativePath)).ShouldBe(routesBefore);
    }

    [Fact]
    public async Task Create_stamps_the_unit_as_bd_does_and_writes_its_canonical_line()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);

        var created = await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Fix the login bug", Priority = 1, Type = WorkType.Bug, Assignee = "gastown/crew/joe" }, "Ada Lovelace", Ct);

        // bd's hash for this title, creator and instant (see BeadsIdGeneratorTests), 3 characters in an empty rig.
        created.WorkUnit.Id.ShouldBe("gt-3fi");
        created.Rig.ShouldBe("gastown");
        var line = File.ReadAllText(Path.Combine(Town, "gastown", ".beads", "issues.jsonl"));
        line.ShouldBe("{\"id\":\"gt-3fi\",\"title\":\"Fix the login bug\",\"status\":\"open\",\"priority\":1,\"issue_type\":\"bug\",\"assignee\":\"gastown/crew/joe\",\"created_at\":\"2026-11-30T10:00:00Z\",\"created_by\":\"Ada Lovelace\",\"updated_at\":\"2026-11-30T10:00:00Z\"}\n");
    }

    [Fact]
    public async Task Owner_is_written_where_bd_writes_it_and_in_progress_stamps_started_at()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);

        var created = await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Fix the login bug", Assignee = "gastown/crew/joe", Owner = "ada@example.com" }, "Ada Lovelace", Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var started = await writer.UpdateWorkUnitAsync(created.WorkUnit.Id, new WorkUnitChanges { Status = WorkStatus.InProgress }, Ct);

        File.ReadAllText(created.IssuesFile).ShouldContain("\"assignee\":\"gastown/crew/joe\",\"owner\":\"ada@example.com\",\"created_at\":");
        started.WorkUnit.StartedAt!.Value.Text.ShouldBe("2026-11-30T10:01:00Z");
    }

    [Fact]
    public async Task Create_in_a_real_beads_file_leaves_every_other_line_byte_for_byte_and_sizes_the_id_adaptively()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("beads", "bd", Ct);
        var path = Path.Combine(Town, "beads", ".beads", "issues.jsonl");
        var original = Fixtures.BeadsSyncIssuesBytes();
        File.WriteAllBytes(path, original);
        var ids = WorkUnitDocument.Parse(original).WorkUnits.Select(u => u.Id).ToArray();
        var topLevel = ids.Count(id => id.StartsWith("bd-", StringComparison.Ordinal) && !id.Contains('.', StringComparison.Ordinal));

        var created = await writer.CreateWorkUnitAsync("bd", new WorkUnitDraft { Title = "A new one" }, "beads/crew/emma", Ct);

        created.WorkUnit.Id.Length.ShouldBe("bd-".Length + BeadsIdGenerator.ComputeAdaptiveLength(topLevel));
        var before = Encoding.UTF8.GetString(original).Split('\n');
        var after = File.ReadAllText(path).Split('\n');
        after.Length.ShouldBe(before.Length + 1);
        after.Except(before).Single().ShouldStartWith($"{{\"id\":\"{created.WorkUnit.Id}\",\"title\":\"A new one\",\"status\":\"open\",\"priority\":2,\"issue_type\":\"task\"");
        after.Where(l => !l.StartsWith($"{{\"id\":\"{created.WorkUnit.Id}\"", StringComparison.Ordinal)).ShouldBe(before);
    }

    [Fact]
    public async Task Parent_gives_the_next_child_id_and_a_parent_child_dependency_stamped_by_the_actor()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        var parent = await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Epic", Type = WorkType.Epic }, "mayor", Ct);

        var first = await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Part one", Parent = parent.WorkUnit.Id }, "gastown/crew/joe", Ct);
        var second = await writer.CreateWorkUnitAsync("gt", new WorkUnitDraft { Title = "Part two", Parent = parent.WorkUnit.Id }, "gastown/crew/joe", Ct);

        first.WorkUnit.Id.ShouldBe(parent.WorkUnit.Id + ".1");
        second.WorkUnit.Id.ShouldBe(parent.WorkUnit.Id + ".2");
        second.WorkUnit.Dependencies.ShouldHaveSingleItem().ShouldBe(
            new Dependency(second.WorkUnit.Id, parent.WorkUnit.Id, DependencyType.ParentChild, BeadsTimestamp.Parse("2026-11-30T10:00:00Z"), "gastown/crew/joe"));
        var missing = await Should.ThrowAsync<TownWriteException>(async () =>
            await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Orphan", Parent = "gt-nope" }, "mayor", Ct));
        missing.Error.ShouldBe(TownWriteError.NotFound);
    }

    [Fact]
    public async Task A_unit_whose_line_would_be_over_the_line_limit_queries_read_with_is_refused_and_nothing_is_written()
    {
        await NewTownAsync();
        var writer = new TownWriter(Town, _clock) { MaxLineBytes = 4096 };
        await writer.AddRigAsync("gastown", "gt", Ct);
        var unit = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Small", Description = new string('a', 3000) }, "mayor", Ct)).WorkUnit;
        var issues = Path.Combine(Town, "gastown", ".beads", "issues.jsonl");
        var before = File.ReadAllBytes(issues);

        var created = await Should.ThrowAsync<TownWriteException>(async () =>
            await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Big", Description = new string('b', 5000) }, "mayor", Ct));
        var updated = await Should.ThrowAsync<TownWriteException>(async () =>
            await writer.UpdateWorkUnitAsync(unit.Id, new WorkUnitChanges { Notes = new string('n', 2000) }, Ct));

        foreach (var refused in new[] { created, updated })
        {
            refused.Error.ShouldBe(TownWriteError.InvalidInput);
            refused.Message.ShouldContain("more than the 4,096 its town is read with (ChainLimits.MaxLineBytes)");
            refused.Message.ShouldContain("nothing was written");
        }

        updated.Message.ShouldContain($"'{unit.Id}' would be written to {issues} as a line of ");
        File.ReadAllBytes(issues).ShouldBe(before);

        // The control: what the writer did write, a reader with that limit reads whole.
        var chain = await new ChainLoader(new ParsedBlobCache(), null, new ChainLimits { MaxLineBytes = 4096 }).LoadAsync(new FolderChainSource(Town), cancellationToken: Ct);
        chain.WorkUnits.Select(u => u.Unit.Id).ShouldBe([unit.Id]);
        chain.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void The_writer_s_line_limit_is_the_readers_by_default()
        => new TownWriter(Path.GetTempPath()).MaxLineBytes.ShouldBe(ChainLimits.DefaultMaxLineBytes);

    [Fact]
    public async Task Update_and_close_move_the_timestamps_and_reopening_clears_the_close()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        var unit = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "Old title" }, "mayor", Ct)).WorkUnit;
        _clock.Advance(TimeSpan.FromMinutes(5));

        var updated = await writer.UpdateWorkUnitAsync(unit.Id, new WorkUnitChanges { Title = "New title", Status = WorkStatus.InProgress, Priority = 0, Assignee = "gastown/polecats/nux" }, Ct);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var closed = await writer.CloseWorkUnitAsync(unit.Id, "Fixed in 1.2", Ct);
        var again = await writer.CloseWorkUnitAsync(unit.Id, "again", Ct);
        var reopened = await writer.UpdateWorkUnitAsync(unit.Id, new WorkUnitChanges { Status = WorkStatus.Open }, Ct);

        updated.WorkUnit.ShouldSatisfyAllConditions(
            u => u.Title.ShouldBe("New title"),
            u => u.Status.ShouldBe(WorkStatus.InProgress),
            u => u.Priority.ShouldBe(0),
            u => u.UpdatedAt.Text.ShouldBe("2026-11-30T10:05:00Z"),
            u => u.CreatedAt.Text.ShouldBe("2026-11-30T10:00:00Z"));
        closed.WorkUnit.ShouldSatisfyAllConditions(
            u => u.Status.ShouldBe(WorkStatus.Closed),
            u => u.ClosedAt!.Value.Text.ShouldBe("2026-11-30T10:10:00Z"),
            u => u.CloseReason.ShouldBe("Fixed in 1.2"));
        again.Changed.ShouldBeFalse();
        again.WorkUnit.CloseReason.ShouldBe("Fixed in 1.2");
        reopened.WorkUnit.ShouldSatisfyAllConditions(u => u.Status.ShouldBe(WorkStatus.Open), u => u.ClosedAt.ShouldBeNull(), u => u.CloseReason.ShouldBeNull());
        var onDisk = (await WorkUnitDocument.LoadAsync(Path.Combine(Town, "gastown", ".beads", "issues.jsonl"), Ct)).WorkUnits.Single();
        onDisk.ShouldBe(reopened.WorkUnit);
    }

    [Fact]
    public async Task Dependencies_take_local_ids_and_gt_uris_of_other_chains_and_refuse_what_does_not_exist()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        await writer.AddRigAsync("beads", "bd", Ct);
        var a = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "A" }, "mayor", Ct)).WorkUnit;
        var b = (await writer.CreateWorkUnitAsync("beads", new WorkUnitDraft { Title = "B" }, "mayor", Ct)).WorkUnit;

        await writer.AddDependencyAsync(a.Id, b.Id, DependencyType.Blocks, "Ada Lovelace", Ct);
        var remote = await writer.AddDependencyAsync(a.Id, "HOP://Acme.COM/projects/proj-123", DependencyType.Related, "Ada Lovelace", Ct);
        var repeat = await writer.AddDependencyAsync(a.Id, b.Id, DependencyType.Blocks, "Ada Lovelace", Ct);

        remote.WorkUnit.Dependencies.Select(d => (d.DependsOnId, d.Type.Value, d.CreatedBy)).ShouldBe(
            [(b.Id, "blocks", "Ada Lovelace"), ("gt://acme.com/projects/proj-123", "related", "Ada Lovelace")]);
        repeat.Changed.ShouldBeFalse();
        (await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync(a.Id, "gt-zzz", DependencyType.Blocks, "mayor", Ct))).Error.ShouldBe(TownWriteError.NotFound);
        (await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync("zz-1", b.Id, DependencyType.Blocks, "mayor", Ct))).Error.ShouldBe(TownWriteError.NotFound);
        (await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync(a.Id, b.Id, new DependencyType("likes"), "mayor", Ct))).Message.ShouldContain("parent-child");
        (await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync(a.Id, "gt://acme.com/projects", DependencyType.Blocks, "mayor", Ct))).Error.ShouldBe(TownWriteError.InvalidInput);
    }

    [Fact]
    public async Task A_blocking_dependency_that_would_close_a_cycle_is_refused_across_rigs_as_bd_refuses_it_and_nothing_is_written()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        await writer.AddRigAsync("beads", "bd", Ct);
        var a = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "A" }, "mayor", Ct)).WorkUnit.Id;
        var b = (await writer.CreateWorkUnitAsync("beads", new WorkUnitDraft { Title = "B" }, "mayor", Ct)).WorkUnit.Id;
        var c = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "C" }, "mayor", Ct)).WorkUnit.Id;
        await writer.AddDependencyAsync(a, b, DependencyType.Blocks, "mayor", Ct);
        await writer.AddDependencyAsync(b, c, DependencyType.ConditionalBlocks, "mayor", Ct);
        var gastown = Path.Combine(Town, "gastown", ".beads", "issues.jsonl");
        var before = File.ReadAllBytes(gastown);

        // c -> a would close a -> b -> c -> a: refused, whichever blocking type, and the file is as it was.
        foreach (var type in new[] { DependencyType.Blocks, DependencyType.ConditionalBlocks })
        {
            var refused = await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync(c, a, type, "mayor", Ct));
            refused.Error.ShouldBe(TownWriteError.InvalidInput);
            refused.Message.ShouldContain($"{a} -> {b} -> {c}");
            refused.Message.ShouldContain("related");
        }

        File.ReadAllBytes(gastown).ShouldBe(before);

        // Types that do not block are not part of the check (bd checks blocks and conditional-blocks only), and an edge
        // that closes no cycle is written.
        (await writer.AddDependencyAsync(c, a, DependencyType.Related, "mayor", Ct)).Changed.ShouldBeTrue();
        (await writer.AddDependencyAsync(c, a, DependencyType.ParentChild, "mayor", Ct)).Changed.ShouldBeTrue();
        (await writer.AddDependencyAsync(a, c, DependencyType.Blocks, "mayor", Ct)).Changed.ShouldBeTrue();

        // A cycle already in the file (written by hand) does not make the walk loop: an unrelated edge is still checked and written.
        var d = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "D" }, "mayor", Ct)).WorkUnit.Id;
        var looped = File.ReadAllLines(gastown).Select(line => line.Contains($"\"id\":\"{c}\"", StringComparison.Ordinal)
            ? line.Replace("\"dependencies\":[", $"\"dependencies\":[{{\"issue_id\":\"{c}\",\"depends_on_id\":\"{b}\",\"type\":\"blocks\"}},", StringComparison.Ordinal)
            : line);
        File.WriteAllLines(gastown, looped);
        File.ReadAllText(gastown).ShouldContain($"\"issue_id\":\"{c}\",\"depends_on_id\":\"{b}\"");
        (await writer.AddDependencyAsync(d, a, DependencyType.Blocks, "mayor", Ct)).Changed.ShouldBeTrue();
    }

    [Fact]
    public async Task A_gt_uri_of_this_town_s_own_chain_is_its_local_id_so_the_self_cycle_existence_and_duplicate_checks_apply()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        await writer.AddRigAsync("beads", "bd", Ct);
        var a = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "A" }, "mayor", Ct)).WorkUnit.Id;
        var b = (await writer.CreateWorkUnitAsync("beads", new WorkUnitDraft { Title = "B" }, "mayor", Ct)).WorkUnit.Id;
        await writer.AddDependencyAsync(a, b, DependencyType.Blocks, "mayor", Ct);
        var gastown = Path.Combine(Town, "gastown", ".beads", "issues.jsonl");
        var beads = Path.Combine(Town, "beads", ".beads", "issues.jsonl");
        var before = File.ReadAllBytes(gastown).Concat(File.ReadAllBytes(beads)).ToArray();

        // The town's chain is gt://ada@example.com/main-town (mayor/town.json): a URI of it names the unit its id names.
        var cycle = await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync(b, $"gt://ada@example.com/main-town/gastown/{a}", DependencyType.Blocks, "mayor", Ct));
        cycle.Error.ShouldBe(TownWriteError.InvalidInput);
        cycle.Message.ShouldContain($"{a} -> {b}");
        var self = await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync(a, $"HOP://Ada@Example.com/main-town/gastown/{a}", DependencyType.Related, "mayor", Ct));
        self.Error.ShouldBe(TownWriteError.InvalidInput);
        self.Message.ShouldContain("itself");
        var missing = await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync(a, "gt://ada@example.com/main-town/gastown/gt-zzz", DependencyType.Blocks, "mayor", Ct));
        missing.Error.ShouldBe(TownWriteError.NotFound);
        missing.Message.ShouldContain("'gt-zzz'");
        var repeat = await writer.AddDependencyAsync(a, $"gt://ada@example.com/main-town/beads/{b}", DependencyType.Blocks, "mayor", Ct);
        repeat.Changed.ShouldBeFalse();
        File.ReadAllBytes(gastown).Concat(File.ReadAllBytes(beads)).ShouldBe(before);

        // Stored as the short id is, whether the URI names the rig or routes by prefix; another chain's URI stays a URI.
        var routed = await writer.AddDependencyAsync(a, $"gt://ada@example.com/main-town/{b}", DependencyType.Related, "mayor", Ct);
        var elsewhere = await writer.AddDependencyAsync(a, $"gt://bob@example.com/main-town/beads/{b}", DependencyType.Related, "mayor", Ct);
        routed.WorkUnit.Dependencies.Select(d => (d.DependsOnId, d.Type.Value)).ShouldBe([(b, "blocks"), (b, "related")]);
        (repeat.Dependency, routed.Dependency).ShouldBe((routed.WorkUnit.Dependencies[0], routed.WorkUnit.Dependencies[1]));
        elsewhere.WorkUnit.Dependencies.Last().DependsOnId.ShouldBe($"gt://bob@example.com/main-town/beads/{b}");
        File.ReadAllText(gastown).ShouldNotContain("gt://ada@example.com");
    }

    [Fact]
    public async Task A_unit_to_change_may_be_named_by_this_town_s_gt_uri_and_another_town_s_unit_is_refused_as_another_town_s()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        var a = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "A" }, "mayor", Ct)).WorkUnit.Id;
        var b = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "B" }, "mayor", Ct)).WorkUnit.Id;

        (await writer.AddDependencyAsync($"gt://ada@example.com/main-town/gastown/{a}", b, DependencyType.Blocks, "mayor", Ct)).WorkUnit.Id.ShouldBe(a);
        (await writer.UpdateWorkUnitAsync($"gt://ada@example.com/main-town/{a}", new WorkUnitChanges { Priority = 0 }, Ct)).WorkUnit.Priority.ShouldBe(0);
        (await writer.CloseWorkUnitAsync($"gt://ada@example.com/main-town/gastown/{b}", "done", Ct)).WorkUnit.Status.ShouldBe(WorkStatus.Closed);
        var self = await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync($"gt://ada@example.com/main-town/gastown/{a}", a, DependencyType.Blocks, "mayor", Ct));
        self.Message.ShouldContain("itself");

        var gastown = Path.Combine(Town, "gastown", ".beads", "issues.jsonl");
        var before = File.ReadAllBytes(gastown);
        foreach (var change in new Func<Task>[]
        {
            async () => await writer.AddDependencyAsync($"gt://bob@example.com/bob-town/api/{a}", b, DependencyType.Blocks, "mayor", Ct),
            async () => await writer.UpdateWorkUnitAsync($"gt://bob@example.com/bob-town/{a}", new WorkUnitChanges { Priority = 1 }, Ct),
            async () => await writer.CloseWorkUnitAsync($"gt://ada@example.com/other-town/gastown/{a}", null, Ct),
        })
        {
            var refused = await Should.ThrowAsync<TownWriteException>(change);
            refused.Error.ShouldBe(TownWriteError.InvalidInput);
            refused.Message.ShouldContain("another town");
            refused.Message.ShouldContain("gt://ada@example.com/main-town");
            refused.Message.ShouldNotContain("No rig");
        }

        File.ReadAllBytes(gastown).ShouldBe(before);
    }

    [Fact]
    public async Task A_unit_to_change_may_be_named_by_the_short_forms_a_query_reads_and_a_malformed_gt_uri_is_invalid_input()
    {
        // 'proj/pl-5vz' was looked up as an id ("No rig of this town routes 'proj/pl-5vz'", not found) while show read it,
        // and 'gt:/alice@…' (one slash) got the same not-found message instead of saying it is no gt:// URI.
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        await writer.AddRigAsync("web", "wb", Ct);
        var a = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "A" }, "mayor", Ct)).WorkUnit.Id;
        var b = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "B" }, "mayor", Ct)).WorkUnit.Id;

        (await writer.UpdateWorkUnitAsync($"gastown/{a}", new WorkUnitChanges { Priority = 0 }, Ct)).WorkUnit.Priority.ShouldBe(0);
        (await writer.UpdateWorkUnitAsync($"external:gastown:{a}", new WorkUnitChanges { Priority = 1 }, Ct)).WorkUnit.Priority.ShouldBe(1);
        // The rig part is a hint, as in a URI: the id names the unit, whichever rig is written.
        (await writer.UpdateWorkUnitAsync($"web/{a}", new WorkUnitChanges { Priority = 3 }, Ct)).WorkUnit.Priority.ShouldBe(3);
        (await writer.UpdateWorkUnitAsync($"./{a}", new WorkUnitChanges { Priority = 2 }, Ct)).WorkUnit.Priority.ShouldBe(2);
        var dependency = await writer.AddDependencyAsync($"gastown/{a}", $"gastown/{b}", DependencyType.Blocks, "mayor", Ct);
        (dependency.WorkUnit.Id, dependency.Dependency!.DependsOnId).ShouldBe((a, b));
        (await writer.CloseWorkUnitAsync($"gastown/{b}", "done", Ct)).WorkUnit.Status.ShouldBe(WorkStatus.Closed);

        var gastown = Path.Combine(Town, "gastown", ".beads", "issues.jsonl");
        var before = File.ReadAllBytes(gastown);
        foreach (var (change, says) in new (Func<Task>, string)[]
        {
            (async () => await writer.UpdateWorkUnitAsync($"gt:/ada@example.com/main-town/gastown/{a}", new WorkUnitChanges { Priority = 1 }, Ct), "not a gt:// URI"),
            (async () => await writer.CloseWorkUnitAsync($"gt:/ada@example.com/main-town/gastown/{a}", null, Ct), "not a gt:// URI"),
            (async () => await writer.AddDependencyAsync($"gt:/ada@example.com/main-town/gastown/{a}", b, DependencyType.Related, "mayor", Ct), "not a gt:// URI"),
            (async () => await writer.AddDependencyAsync(a, $"gt:/ada@example.com/main-town/gastown/{b}", DependencyType.Related, "mayor", Ct), "not a gt:// URI"),
            (async () => await writer.UpdateWorkUnitAsync($"gastown/x/{a}", new WorkUnitChanges { Priority = 1 }, Ct), "not a work unit reference"),
        })
        {
            var refused = await Should.ThrowAsync<TownWriteException>(change);
            refused.Error.ShouldBe(TownWriteError.InvalidInput, refused.Message);
            refused.Message.ShouldContain(says);
            refused.Message.ShouldNotContain("No rig");
        }

        File.ReadAllBytes(gastown).ShouldBe(before);
    }

    [Fact]
    public async Task The_cycle_walk_follows_a_blocking_edge_written_as_this_town_s_gt_uri()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        var a = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "A" }, "mayor", Ct)).WorkUnit.Id;
        var b = (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "B" }, "mayor", Ct)).WorkUnit.Id;
        var gastown = Path.Combine(Town, "gastown", ".beads", "issues.jsonl");

        // b waits on a through an edge naming a by the town's own URI, as an older writer (or a hand) stored it; queries read it as a.
        File.WriteAllLines(gastown, File.ReadAllLines(gastown).Select(line => line.Contains($"\"id\":\"{b}\"", StringComparison.Ordinal)
            ? line.Replace("\"title\"", $"\"dependencies\":[{{\"issue_id\":\"{b}\",\"depends_on_id\":\"gt://ada@example.com/main-town/gastown/{a}\",\"type\":\"blocks\"}}],\"title\"", StringComparison.Ordinal)
            : line));
        (await WorkUnitDocument.LoadAsync(gastown, Ct)).WorkUnits.Single(u => u.Id == b).Dependencies.ShouldHaveSingleItem();

        var refused = await Should.ThrowAsync<TownWriteException>(async () => await writer.AddDependencyAsync(a, b, DependencyType.Blocks, "mayor", Ct));
        refused.Message.ShouldContain($"{b} -> {a}");
    }

    [Theory]
    [InlineData("", 2, "task", "title is empty")]
    [InlineData("two\nlines", 2, "task", "one line")]
    [InlineData("ok", 5, "task", "0 (highest) to 4")]
    [InlineData("ok", 2, "story-ish", "not an issue type")]
    public async Task Create_refuses_bad_fields_and_writes_nothing(string title, int priority, string type, string message)
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);

        var ex = await Should.ThrowAsync<TownWriteException>(async () =>
            await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = title, Priority = priority, Type = new WorkType(type) }, "mayor", Ct));

        ex.Error.ShouldBe(TownWriteError.InvalidInput);
        ex.Message.ShouldContain(message);
        File.ReadAllBytes(Path.Combine(Town, "gastown", ".beads", "issues.jsonl")).ShouldBeEmpty();
        (await Should.ThrowAsync<TownWriteException>(async () =>
            await writer.CreateWorkUnitAsync("nosuch", new WorkUnitDraft { Title = "x" }, "mayor", Ct))).Message.ShouldContain("gastown (gt-)");
    }

    [Fact]
    public async Task Concurrent_writers_lose_no_update()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);

        // Separate writers (as separate processes would be), each creating with its own clock tick so ids differ.
        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            await new TownWriter(Town, new FakeTimeProvider(Now.AddSeconds(i))).CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = $"Unit {i}" }, "mayor", Ct), Ct));
        var created = await Task.WhenAll(tasks);

        var onDisk = await WorkUnitDocument.LoadAsync(Path.Combine(Town, "gastown", ".beads", "issues.jsonl"), Ct);
        onDisk.WorkUnits.Select(u => u.Title).Order().ShouldBe(Enumerable.Range(0, 16).Select(i => $"Unit {i}").Order());
        created.Select(c => c.WorkUnit.Id).Distinct().Count().ShouldBe(16);
    }

    [Fact]
    public async Task A_held_lock_times_out_as_a_conflict_and_nothing_is_written()
    {
        await NewTownAsync();
        await new TownWriter(Town, _clock).AddRigAsync("gastown", "gt", Ct);
        var writer = new TownWriter(Town, _clock, TimeSpan.FromMilliseconds(300));
        using (new FileStream(Path.Combine(Town, ".beads", "gtfed-write.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var ex = await Should.ThrowAsync<TownWriteException>(async () => await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "x" }, "mayor", Ct));
            ex.Error.ShouldBe(TownWriteError.Conflict);
            ex.Message.ShouldContain("write lock");
        }

        File.ReadAllBytes(Path.Combine(Town, "gastown", ".beads", "issues.jsonl")).ShouldBeEmpty();
        (await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "x" }, "mayor", Ct)).WorkUnit.Title.ShouldBe("x");
    }

    [Fact]
    public async Task A_town_this_process_may_not_write_fails_every_change_with_the_sdk_s_error_and_nothing_is_written()
    {
        // A town shared read-only (a read-only mount, another user's folder): .NET's raw exception came out of the writer.
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);
        var issues = Path.Combine(Town, "gastown", ".beads", "issues.jsonl");
        using (var mount = ReadOnlyMount.TryBind(Town))
        {
            if (mount is null)
            {
                Assert.Skip("Bind-mounting a folder read-only needs root (mount --bind, remount ro); this process may not.");
            }

            var created = await Should.ThrowAsync<TownFileAccessException>(async () => await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "x" }, "mayor", Ct));
            created.ErrorKind.ShouldBe(FederationErrorKind.RemoteFailure);
            created.Path.ShouldBe(Path.Combine(Town, ".beads", "gtfed-write.lock"));
            created.Message.ShouldStartWith($"This process may not write {created.Path} (");
            created.Message.ShouldContain("Make it writable for this user, or run as the town's owner. Nothing was changed.");
            created.InnerException.ShouldBeAssignableTo<IOException>();
            await Should.ThrowAsync<TownFileAccessException>(async () => await writer.AddRigAsync("web", "wb", Ct));
        }

        File.ReadAllBytes(issues).ShouldBeEmpty();
        Directory.Exists(Path.Combine(Town, "web")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_rig_of_a_folder_is_the_deepest_route_that_holds_it()
    {
        var writer = await NewTownAsync();
        await writer.AddRigAsync("gastown", "gt", Ct);

        (await writer.FindRigForFolderAsync(Path.Combine(Town, "gastown", "crew", "joe"), Ct))!.RigName.ShouldBe("gastown");
        (await writer.FindRigForFolderAsync(Path.Combine(Town, "gastown"), Ct))!.Prefix.ShouldBe("gt-");
        (await writer.FindRigForFolderAsync(Town, Ct)).ShouldBeNull();
        (await writer.FindRigForFolderAsync(Path.Combine(Town, "gastownish"), Ct)).ShouldBeNull();
        (await writer.FindRigForFolderAsync(Path.GetTempPath(), Ct)).ShouldBeNull();
    }

    public void Dispose() => _temp.Dispose();
}
