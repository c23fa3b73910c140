using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model.Tests.WorkUnits;

/// <summary>The work unit record: immutable, typed, written the way beads' exporter writes it.</summary>
public sealed class WorkUnitTests
{
    [Fact]
    public void With_makes_a_changed_copy_and_leaves_the_original_alone_even_for_rare_fields()
    {
        var original = new WorkUnit { Id = "gt-1", Title = "t", Sender = "mayor", Labels = ["a"] };

        var copy = original with { Sender = "deacon", Pinned = true, Labels = ["a", "b"] };

        original.Sender.ShouldBe("mayor");
        original.Pinned.ShouldBeFalse();
        original.Labels.ShouldBe(["a"]);
        copy.Sender.ShouldBe("deacon");
        copy.Pinned.ShouldBeTrue();
        copy.Labels.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Collections_are_private_copies_that_cannot_be_changed_through_the_record()
    {
        var labels = new List<string> { "a" };
        var unit = new WorkUnit { Id = "gt-1", Labels = labels };
        labels.Add("b");

        unit.Labels.ShouldBe(["a"]);
        (unit.Labels is string[]).ShouldBeFalse();
        (unit.Labels is IList<string>).ShouldBeFalse();
    }

    [Fact]
    public void Status_type_and_dependency_type_are_open_sets()
    {
        var unit = WorkUnitJson.Read("""{"id":"gt-1","title":"t","status":"review","priority":2,"issue_type":"spike-x","created_at":"2025-12-30T19:11:03Z","updated_at":"2025-12-30T19:11:03Z","dependencies":[{"issue_id":"gt-1","depends_on_id":"external:beads:bd-3roq","type":"gates","created_at":"2025-12-30T19:11:03Z"}]}""");

        unit.Status.ShouldBe(new WorkStatus("review"));
        unit.Status.IsKnown.ShouldBeFalse();
        unit.IssueType.Value.ShouldBe("spike-x");
        unit.Dependencies[0].Type.Value.ShouldBe("gates");
        unit.Dependencies[0].Type.IsBlocking.ShouldBeFalse();
        unit.Dependencies[0].IsExternal.ShouldBeTrue();
        DependencyType.ParentChild.IsBlocking.ShouldBeTrue();
        WorkStatus.Tombstone.IsClosed.ShouldBeTrue();
        WorkStatus.Hooked.IsClosed.ShouldBeFalse();
    }

    [Fact]
    public void Every_field_of_the_go_struct_is_written_in_go_struct_order()
    {
        var t = BeadsTimestamp.Parse("2025-12-30T19:11:03.5-08:00");
        var unit = new WorkUnit
        {
            Id = "gt-all", Title = "All", Description = "d", Design = "g", AcceptanceCriteria = "ac", Notes = "n",
            Status = WorkStatus.Hooked, Priority = 0, IssueType = WorkType.Agent, Assignee = "gastown/polecats/nux",
            EstimatedMinutes = 0, CreatedAt = t, CreatedBy = "mayor", UpdatedAt = t, ClosedAt = t, CloseReason = "done",
            ExternalRef = "", CompactionLevel = 1, CompactedAt = t, CompactedAtCommit = "abc", OriginalSize = 10,
            Labels = ["l"], Dependencies = [new Dependency("gt-all", "gt-x", DependencyType.WaitsFor, t, "daemon", "{\"gate\":\"all-children\"}", "th")],
            Comments = [new Comment(CommentId.FromNumber(7), "gt-all", "stevey", "hi", t)],
            DeletedAt = t, DeletedBy = "daemon", DeleteReason = "delete", OriginalType = "task", Sender = "s",
            Ephemeral = true, Pinned = true, IsTemplate = true, BondedFrom = [new BondReference("gt-src", "spawn", "p")],
            Creator = new EntityRef("Steve", "github", "acme", "42"),
            Validations = [new WorkValidation(new EntityRef(Name: "v"), "accepted", t, 0.75f), new WorkValidation(null, "rejected", t)],
            AwaitType = "gh:pr", AwaitId = "9", TimeoutNanoseconds = 3_600_000_000_000, Waiters = ["w1", "w2"],
            SourceFormula = "f", SourceLocation = "loc", HookBead = "hb", RoleBead = "rb", AgentState = "working",
            LastActivity = t, RoleType = "polecat", Rig = "gastown", MolType = "work", EventKind = "ek", Actor = "a",
            Target = "tg", Payload = "{\"k\":1}",
        };

        var json = WorkUnitJson.ToJsonString(unit);

        using var document = JsonDocument.Parse(json);
        document.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "id", "title", "description", "design", "acceptance_criteria", "notes", "status", "priority", "issue_type",
            "assignee", "estimated_minutes", "created_at", "created_by", "updated_at", "closed_at", "close_reason",
            "external_ref", "compaction_level", "compacted_at", "compacted_at_commit", "original_size", "labels",
            "dependencies", "comments", "deleted_at", "deleted_by", "delete_reason", "original_type", "sender",
            "ephemeral", "pinned", "is_template", "bonded_from", "creator", "validations", "await_type", "await_id",
            "timeout", "waiters", "source_formula", "source_location", "hook_bead", "role_bead", "agent_state",
            "last_activity", "role_type", "rig", "mol_type", "event_kind", "actor", "target", "payload",
        ]);
        json.ShouldContain("\"estimated_minutes\":0,");
        json.ShouldContain("\"external_ref\":\"\",");
        json.ShouldContain("""
            "dependencies":[{"issue_id":"gt-all","depends_on_id":"gt-x","type":"waits-for","created_at":"2025-12-30T19:11:03.5-08:00","created_by":"daemon","metadata":"{\"gate\":\"all-children\"}","thread_id":"th"}]
            """);
        json.ShouldContain("""
            "validations":[{"validator":{"name":"v"},"outcome":"accepted","timestamp":"2025-12-30T19:11:03.5-08:00","score":0.75},{"validator":null,"outcome":"rejected","timestamp":"2025-12-30T19:11:03.5-08:00"}]
            """);
        json.ShouldContain("\"comments\":[{\"id\":7,");
        json.ShouldContain("\"timeout\":3600000000000,");

        // And it all reads back to an equal record.
        var back = WorkUnitJson.Read(json);
        back.ShouldBe(unit);
        WorkUnitJson.ToJsonString(back).ShouldBe(json);
        back.Creator.ShouldBe(new EntityRef("Steve", "github", "acme", "42"));
        back.Validations[0].Score.ShouldBe(0.75f);
    }

    [Fact]
    public void Empty_values_are_omitted_except_priority_and_the_required_times()
    {
        var unit = new WorkUnit { Id = "gt-1", Title = "", Description = "", Labels = [], Status = new WorkStatus(""), Pinned = false, CompactionLevel = 0, TimeoutNanoseconds = 0 };

        WorkUnitJson.ToJsonString(unit).ShouldBe("""{"id":"gt-1","title":"","priority":0,"created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z"}""");
    }

    [Theory]
    [InlineData("<b> & </b>", "\\u003cb\\u003e \\u0026 \\u003c/b\\u003e")]
    [InlineData("quote \" backslash \\ slash /", "quote \\\" backslash \\\\ slash /")]
    [InlineData("nl\n cr\r tab\t bs\b ff\f", "nl\\n cr\\r tab\\t bs\\b ff\\f")]
    [InlineData("\u0000\u0001\u001f\u007f", "\\u0000\\u0001\\u001f\u007f")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("café ✓ 日本 😀", "café ✓ 日本 😀")]
    public void Strings_are_escaped_the_way_go_escapes_them(string value, string expected)
    {
        var json = WorkUnitJson.ToJsonString(new WorkUnit { Id = "gt-1", Title = value });

        json.ShouldStartWith($"{{\"id\":\"gt-1\",\"title\":\"{expected}\",");
        WorkUnitJson.Read(json).Title.ShouldBe(value);
    }

    [Fact]
    public void Equal_records_serialise_identically_and_differ_when_any_field_differs()
    {
        var line = """{"id":"gt-1","title":"t","status":"open","priority":2,"issue_type":"task","created_at":"2025-12-30T19:11:03Z","updated_at":"2025-12-30T19:11:03Z","labels":["x"]}""";
        var a = WorkUnitJson.Read(line);
        var b = WorkUnitJson.Read(line);

        a.ShouldBe(b);
        a.GetHashCode().ShouldBe(b.GetHashCode());
        (a with { Labels = ["y"] }).ShouldNotBe(b);
        (a with { Rig = "r" }).ShouldNotBe(b);
    }

    [Fact]
    public void WriteProperties_embeds_the_beads_fields_in_a_callers_object()
    {
        var unit = WorkUnitJson.Read("""{"id":"gt-1","title":"a < b","status":"open","priority":2,"issue_type":"task","created_at":"2025-12-30T19:11:03Z","updated_at":"2025-12-30T19:11:03Z","source_system":"dolt"}""");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("uri", "gt://acme.com/eng/gt-1");
            WorkUnitJson.WriteProperties(unit, writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        document.RootElement.GetProperty("uri").GetString().ShouldBe("gt://acme.com/eng/gt-1");
        document.RootElement.GetProperty("title").GetString().ShouldBe("a < b");
        document.RootElement.GetProperty("priority").GetInt32().ShouldBe(2);
        document.RootElement.GetProperty("source_system").GetString().ShouldBe("dolt");
    }

    [Fact]
    public void The_reader_is_lenient_where_upstream_data_breaks_its_own_rules()
    {
        // A closed issue with deleted_at (22 in gastown), a tombstone without deleted_by/reason/original_type (gt-rzimf),
        // and a dependency on a wisp that was never exported.
        var lines = string.Join('\n',
            """{"id":"gt-gastown-polecat-ace","title":"ace","status":"closed","priority":2,"issue_type":"agent","created_at":"2025-12-28T00:07:02.72402-08:00","updated_at":"2025-12-28T00:13:37.296433-08:00","closed_at":"2025-12-28T00:13:37.296433-08:00","deleted_at":"2025-12-28T00:13:38.296433-08:00","original_type":"agent"}""",
            """{"id":"gt-rzimf","title":"test","status":"tombstone","priority":2,"issue_type":"agent","created_at":"2025-12-28T00:07:02.72402-08:00","created_by":"gastown/crew/joe","updated_at":"2025-12-28T00:13:37.296433-08:00","deleted_at":"2025-12-28T00:13:38.296433-08:00"}""",
            """{"id":"gt-0x5og.1","title":"child","status":"open","priority":2,"issue_type":"task","created_at":"2025-12-29T17:58:43.84226-08:00","updated_at":"2025-12-29T17:58:43.84226-08:00","dependencies":[{"issue_id":"gt-0x5og.1","depends_on_id":"gt-eph-252","type":"parent-child","created_at":"2025-12-29T17:58:43.842734-08:00","created_by":"daemon"}]}""") + "\n";

        var document = WorkUnitDocument.Parse(Encoding.UTF8.GetBytes(lines));

        document.Diagnostics.ShouldBeEmpty();
        document.WorkUnits.Count.ShouldBe(3);
        document.WorkUnits[0].IsClosed.ShouldBeTrue();
        document.WorkUnits[0].DeletedAt.ShouldNotBeNull();
        document.WorkUnits[1].IsTombstone.ShouldBeTrue();
        document.WorkUnits[1].DeletedBy.ShouldBeNull();
        document.Contains(document.WorkUnits[2].Dependencies[0].DependsOnId).ShouldBeFalse();
    }
}
