using System.Text;
using System.Text.Json;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>
/// The post-design fields as typed members (beads' Go struct order, checked against upstream's types.go), the two
/// later real files (the Dolt-era exporter's and a spaced IssueWithCounts dump), and <c>bd export</c>'s shape with
/// <c>_type</c> envelopes, counts and memory lines.
/// </summary>
public sealed class UpstreamShapeTests
{
    // Every post-design field in upstream's marshal order (types.go at fbcee6c6246c), as json.Marshal writes them.
    private const string PostDesignLine =
        """{"id":"bd-9","title":"T","spec_id":"SPEC-1","status":"in_progress","priority":1,"issue_type":"spike","owner":"a@b.c","created_at":"2026-04-14T10:00:00Z","updated_at":"2026-04-14T10:05:00Z","started_at":"2026-04-14T10:01:00Z","closed_by_session":"sess-1","due_at":"2026-05-01T00:00:00Z","defer_until":"2026-04-20T00:00:00Z","source_system":"jira","metadata":{"delegated_from":{"parent":"gt-1"},"html":"\u003cb\u003e"},"ephemeral":true,"no_history":true,"wisp_type":"heartbeat","work_type":"open_competition"}""";

    [Fact]
    public void Every_post_design_field_is_read_as_a_typed_member_and_written_back_in_go_order()
    {
        var unit = WorkUnitJson.Read(PostDesignLine);

        unit.UnknownFields.ShouldBeEmpty();
        unit.SpecId.ShouldBe("SPEC-1");
        unit.Owner.ShouldBe("a@b.c");
        unit.StartedAt!.Value.Text.ShouldBe("2026-04-14T10:01:00Z");
        unit.ClosedBySession.ShouldBe("sess-1");
        unit.DueAt!.Value.Text.ShouldBe("2026-05-01T00:00:00Z");
        unit.DeferUntil!.Value.Text.ShouldBe("2026-04-20T00:00:00Z");
        unit.SourceSystem.ShouldBe("jira");
        unit.Metadata!.Value.GetProperty("delegated_from").GetProperty("parent").GetString().ShouldBe("gt-1");
        unit.NoHistory.ShouldBeTrue();
        unit.WispType.ShouldBe("heartbeat");
        unit.AssignmentModel.ShouldBe("open_competition");
        unit.IssueType.ShouldBe(WorkType.Spike);
        unit.Status.ShouldBe(WorkStatus.InProgress);
        WorkUnitJson.ToJsonString(unit).ShouldBe(PostDesignLine);
    }

    [Fact]
    public void Comment_ids_of_the_uuid_era_are_strings_and_numbers_stay_numbers()
    {
        var guid = Guid.Parse("6F1C2A3B-0000-4000-8000-00000000000A");
        var unit = new WorkUnit
        {
            Id = "bd-1",
            Title = "t",
            Comments =
            [
                new Comment(CommentId.FromGuid(guid), "bd-1", "a", "uuid", BeadsTimestamp.Parse("2026-03-14T00:00:00Z")),
                new Comment(CommentId.FromNumber(7), "bd-1", "a", "old", BeadsTimestamp.Parse("2026-03-14T00:00:00Z")),
            ],
        };

        var json = WorkUnitJson.ToJsonString(unit);
        json.ShouldContain("""{"id":"6f1c2a3b-0000-4000-8000-00000000000a","issue_id":"bd-1",""");
        json.ShouldContain("""{"id":7,"issue_id":"bd-1",""");
        var read = WorkUnitJson.Read(json);
        read.Comments[0].Id.TryGetGuid(out var back).ShouldBeTrue();
        back.ShouldBe(guid);
        read.Comments[1].Id.TryGetGuid(out _).ShouldBeFalse();
        CommentId.NewUuid().TryGetGuid(out _).ShouldBeTrue();
        WorkUnitJson.ToJsonString(read).ShouldBe(json);
    }

    [Fact]
    public void Post_design_fields_set_in_code_land_in_go_order_with_gos_omit_rules()
    {
        var unit = new WorkUnit
        {
            Id = "bd-1",
            Title = "t",
            WispType = "patrol",
            Owner = "o@x.y",
            Metadata = JsonDocument.Parse("""{ "a" : [1, 2],  "b":"<&>" }""").RootElement,
            SpecId = string.Empty,
            DueAt = BeadsTimestamp.Parse("2026-01-02T03:04:05Z"),
        };

        WorkUnitJson.ToJsonString(unit).ShouldBe(
            """{"id":"bd-1","title":"t","priority":0,"owner":"o@x.y","created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z","due_at":"2026-01-02T03:04:05Z","metadata":{"a":[1,2],"b":"\u003c\u0026\u003e"},"wisp_type":"patrol"}""");
        (unit with { Owner = null, Metadata = null }).Owner.ShouldBeNull();
        unit.Owner.ShouldBe("o@x.y", "with makes a copy");
    }

    [Fact]
    public void The_dolt_era_file_round_trips_byte_for_byte_and_its_writer_is_reproduced_line_by_line()
    {
        var bytes = File.ReadAllBytes(Fixtures.BeadsDoltEraIssues);
        var document = WorkUnitDocument.Parse(bytes);

        document.Diagnostics.ShouldBeEmpty();
        document.Count.ShouldBe(465);
        document.ToUtf8Bytes().AsSpan().SequenceEqual(bytes).ShouldBeTrue();
        document.WorkUnits.Count(u => u.Owner is not null).ShouldBe(244);
        document.WorkUnits.Count(u => u.AssignmentModel is not null).ShouldBe(396);
        document.WorkUnits.Count(u => u.Status == WorkStatus.Hooked).ShouldBe(4);
        document.WorkUnits.SelectMany(u => u.Dependencies).Count(d => d.Type == DependencyType.BlockedBy).ShouldBe(5);
        document.WorkUnits.SelectMany(u => u.Dependencies).Count(d => d.Type == DependencyType.Follows).ShouldBe(1);
        document.WorkUnits.ShouldAllBe(u => u.UnknownFields.Count == 0);

        var mismatches = FixtureLines.Lines(bytes)
            .Select(line => (line, written: WorkUnitJson.ToUtf8Bytes(WorkUnitJson.Read(line))))
            .Where(p => !p.written.AsSpan().SequenceEqual(p.line))
            .Select(p => Encoding.UTF8.GetString(p.written))
            .ToList();
        mismatches.ShouldBeEmpty(string.Join('\n', mismatches.Take(2)));
    }

    [Fact]
    public void The_spaced_issue_with_counts_file_round_trips_and_a_change_rewrites_one_line_with_its_counts()
    {
        var bytes = File.ReadAllBytes(Fixtures.GastownNoncanonicalIssues);
        var document = WorkUnitDocument.Parse(bytes);

        document.Diagnostics.ShouldBeEmpty();
        document.Count.ShouldBe(921);
        document.ToUtf8Bytes().AsSpan().SequenceEqual(bytes).ShouldBeTrue();
        document.WorkUnits.Count(u => u.Parent is not null).ShouldBe(246);
        document.WorkUnits.Count(u => u.WispType is not null).ShouldBe(1);
        document.WorkUnits.ShouldAllBe(u => u.DependencyCount != null && u.DependentCount != null && u.CommentCount != null);

        var unit = document.WorkUnits[3];
        var changed = document.With(unit with { Title = "renamed" });
        var lines = FixtureLines.Lines(changed.ToUtf8Bytes());
        var original = FixtureLines.Lines(bytes);
        lines.Count.ShouldBe(original.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            if (i != 3)
            {
                lines[i].AsSpan().SequenceEqual(original[i]).ShouldBeTrue($"line {i + 1} untouched");
            }
        }

        var rewritten = Encoding.UTF8.GetString(lines[3]);
        rewritten.ShouldStartWith($$"""{"id":"{{unit.Id}}","title":"renamed",""");
        rewritten.ShouldEndWith($$""","dependency_count":{{unit.DependencyCount}},"dependent_count":{{unit.DependentCount}},"comment_count":{{unit.CommentCount}}{{(unit.Parent is null ? "" : $",\"parent\":\"{unit.Parent}\"")}}}""");
    }

    [Fact]
    public void A_new_record_in_a_file_of_counts_without_type_gets_the_counts_only()
    {
        var document = WorkUnitDocument.Parse(File.ReadAllBytes(Fixtures.GastownNoncanonicalIssues));
        document.IsBdExportShape.ShouldBeTrue();

        var changed = document.With(new WorkUnit { Id = "gt-new1", Title = "new", Priority = 9, Comments = [new Comment(CommentId.FromString("c0ffee00-0000-4000-8000-000000000001"), "gt-new1", "mayor", "hi", BeadsTimestamp.Parse("2026-02-28T00:00:00Z"))] });

        var written = Encoding.UTF8.GetString(changed.ToUtf8Bytes()).Split('\n');
        written.Count(l => l.StartsWith("""{"id":"gt-new1",""", StringComparison.Ordinal)).ShouldBe(1);
        written.Single(l => l.Contains("gt-new1", StringComparison.Ordinal)).ShouldBe(
            """{"id":"gt-new1","title":"new","priority":9,"created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z","comments":[{"id":"c0ffee00-0000-4000-8000-000000000001","issue_id":"gt-new1","author":"mayor","text":"hi","created_at":"2026-02-28T00:00:00Z"}],"dependency_count":0,"dependent_count":0,"comment_count":1}""");
        written[^2].ShouldContain("gt-new1", customMessage: "priority 9 sorts after every record");
    }

    // The shape of cmd/bd/export.go since f99013508 (2026-04-20): exportIssueRecord{_type, *IssueWithCounts},
    // ORDER BY priority, created_at DESC, id; memories after the issues, keys sorted (a Go map).
    private const string BdExport =
        """
        {"_type":"issue","id":"bd-b","title":"Urgent","status":"open","priority":0,"issue_type":"bug","created_at":"2026-05-02T10:00:00Z","updated_at":"2026-05-02T10:00:00Z","dependency_count":0,"dependent_count":1,"comment_count":0}
        {"_type":"issue","id":"bd-c","title":"Newer","status":"open","priority":2,"issue_type":"task","created_at":"2026-05-03T10:00:00Z","updated_at":"2026-05-03T10:00:00Z","dependencies":[{"issue_id":"bd-c","depends_on_id":"bd-b","type":"blocks","created_at":"2026-05-03T10:00:00Z","created_by":"stevey"}],"dependency_count":1,"dependent_count":0,"comment_count":0}
        {"_type":"issue","id":"bd-a","title":"Older","status":"closed","priority":2,"issue_type":"task","created_at":"2026-05-01T10:00:00Z","updated_at":"2026-05-01T11:00:00Z","closed_at":"2026-05-01T11:00:00Z","dependency_count":0,"dependent_count":0,"comment_count":0}
        {"_type":"memory","key":"build","value":"use make \u0026\u0026 make test"}
        {"_type":"memory","key":"style","value":"short commits"}

        """;

    [Fact]
    public void A_bd_export_file_keeps_its_memory_lines_and_places_a_new_record_in_its_shape_and_order()
    {
        var bytes = Encoding.UTF8.GetBytes(BdExport.ReplaceLineEndings("\n"));
        var document = WorkUnitDocument.Parse(bytes);

        document.Diagnostics.ShouldBeEmpty();
        document.IsBdExportShape.ShouldBeTrue();
        document.WorkUnits.Select(u => u.Id).ShouldBe(["bd-b", "bd-c", "bd-a"]);
        document.Memories.ShouldBe([new BeadsMemory("build", "use make && make test"), new BeadsMemory("style", "short commits")]);
        document.ToUtf8Bytes().AsSpan().SequenceEqual(bytes).ShouldBeTrue();

        var added = new WorkUnit
        {
            Id = "bd-d",
            Title = "Middle",
            Status = WorkStatus.Open,
            Priority = 2,
            IssueType = WorkType.Task,
            CreatedAt = BeadsTimestamp.Parse("2026-05-02T12:00:00Z"),
            UpdatedAt = BeadsTimestamp.Parse("2026-05-02T12:00:00Z"),
            Dependencies = [new Dependency("bd-d", "bd-b", DependencyType.Blocks, BeadsTimestamp.Parse("2026-05-02T12:00:00Z"), "stevey", null, null)],
        };
        var changed = document.With([document.WorkUnits[2] with { Title = "Older, renamed" }, added]);

        var lines = Encoding.UTF8.GetString(changed.ToUtf8Bytes()).Split('\n');
        lines[0..2].ShouldBe(BdExport.ReplaceLineEndings("\n").Split('\n')[0..2]);
        lines[2].ShouldBe("""{"_type":"issue","id":"bd-d","title":"Middle","status":"open","priority":2,"issue_type":"task","created_at":"2026-05-02T12:00:00Z","updated_at":"2026-05-02T12:00:00Z","dependencies":[{"issue_id":"bd-d","depends_on_id":"bd-b","type":"blocks","created_at":"2026-05-02T12:00:00Z","created_by":"stevey"}],"dependency_count":1,"dependent_count":0,"comment_count":0}""");
        lines[3].ShouldBe("""{"_type":"issue","id":"bd-a","title":"Older, renamed","status":"closed","priority":2,"issue_type":"task","created_at":"2026-05-01T10:00:00Z","updated_at":"2026-05-01T11:00:00Z","closed_at":"2026-05-01T11:00:00Z","dependency_count":0,"dependent_count":0,"comment_count":0}""");
        lines[4].ShouldBe("""{"_type":"memory","key":"build","value":"use make \u0026\u0026 make test"}""");
        lines[5].ShouldBe("""{"_type":"memory","key":"style","value":"short commits"}""");
        changed.Memories.Count.ShouldBe(2);
    }

    [Fact]
    public void A_file_in_the_exporters_shape_gets_new_records_without_the_envelope()
    {
        var document = WorkUnitDocument.Parse(Fixtures.BeadsSyncIssuesBytes());
        document.IsBdExportShape.ShouldBeFalse();

        var changed = document.With(new WorkUnit { Id = "bd-zzzz", Title = "new" });

        Encoding.UTF8.GetString(changed.ToUtf8Bytes()).ShouldEndWith(
            """{"id":"bd-zzzz","title":"new","priority":0,"created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z"}""" + "\n");
    }

    [Fact]
    public void Work_units_are_built_once_on_first_access_and_shared_across_threads()
    {
        var document = WorkUnitDocument.Parse(Fixtures.BeadsSyncIssuesBytes());

        var seen = new WorkUnit[4][];
        Parallel.For(0, 4, t => seen[t] = [.. document.WorkUnits]);

        for (var i = 0; i < document.Count; i++)
        {
            seen.Select(s => s[i]).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1);
        }

        document.TryGet(seen[0][5].Id, out var found).ShouldBeTrue();
        found.ShouldBeSameAs(seen[0][5]);
        document.With(found).ShouldBeSameAs(document, "an instance the document built counts as untouched");
    }

    [Fact]
    public void A_unit_built_in_one_document_is_untouched_in_the_documents_derived_from_it()
    {
        var document = WorkUnitDocument.Parse(Fixtures.BeadsSyncIssuesBytes());
        var derived = document.With(document.WorkUnits[0] with { Title = "changed" });

        // Built after the derivation, through the original: the derived document knows the instance.
        var later = document.WorkUnits[10];
        derived.WorkUnits[10].ShouldBeSameAs(later);
        derived.With(later).ShouldBeSameAs(derived);
        document.With(derived.WorkUnits[20]).ShouldBeSameAs(document);
        derived.Without("no-such-id").ShouldBeSameAs(derived);
        derived.Without(later.Id).WorkUnits[10].ShouldBeSameAs(document.WorkUnits[11]);
    }

    [Fact]
    public void A_line_that_fails_validation_is_never_a_work_unit_whatever_field_is_wrong()
    {
        string[] bad =
        [
            """{"id":"bd-1","title":"t","due_at":"tomorrow"}""",
            """{"id":"bd-1","title":"t","dependencies":[{"issue_id":"bd-1","created_at":"soon"}]}""",
            """{"id":"bd-1","title":"t","comments":[{"id":true}]}""",
            """{"id":"bd-1","title":"t","no_history":"yes"}""",
            """{"id":"bd-1","title":"t","labels":[1]}""",
            """{"id":"bd-1","title":"t","metadata":{"a":}""",
        ];

        foreach (var line in bad)
        {
            var document = WorkUnitDocument.Parse(Encoding.UTF8.GetBytes(line + "\n"));
            document.Count.ShouldBe(0, line);
            document.Diagnostics.ShouldHaveSingleItem(line);
            WorkUnitJson.TryRead(Encoding.UTF8.GetBytes(line), out _, out _).ShouldBeFalse(line);
            document.ToUtf8Bytes().ShouldBe(Encoding.UTF8.GetBytes(line + "\n"));
        }
    }
}
