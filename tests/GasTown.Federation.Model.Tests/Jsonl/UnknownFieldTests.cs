using System.Text;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>
/// Fields this SDK does not model survive a change to a field it does (upstream GH#891, GH#1480). The keys here are
/// not in beads' struct (owner, metadata and source_system, once used here, are typed fields now).
/// </summary>
public sealed class UnknownFieldTests
{
    private const string Line = """{"id":"bd-1","title":"T","status":"open","priority":1,"issue_type":"task","holder":"a@b.c","created_at":"2026-03-01T10:00:00Z","updated_at":"2026-03-01T10:00:00Z","dependencies":[{"issue_id":"bd-1","depends_on_id":"bd-2","type":"blocks","created_at":"2026-03-01T10:00:00Z","created_by":"x","weight":0.5}],"comments":[{"id":"6f1c-uuid","issue_id":"bd-1","author":"a","text":"hi","created_at":"2026-03-01T10:00:00Z","edited":true}],"annotations":{"x":1,"nested":[true,null,"\u003c"]},"origin_system":"dolt"}""";

    [Fact]
    public void Unknown_fields_are_kept_in_order_as_raw_json()
    {
        var unit = WorkUnitJson.Read(Line);

        unit.UnknownFields.Select(f => f.Name).ShouldBe(["holder", "annotations", "origin_system"]);
        unit.UnknownFields[1].RawText.ShouldBe("""{"x":1,"nested":[true,null,"\u003c"]}""");
        unit.UnknownFields[1].ToJsonElement().GetProperty("x").GetInt32().ShouldBe(1);
        unit.Dependencies[0].UnknownFields.ShouldHaveSingleItem().RawText.ShouldBe("0.5");
        unit.Comments[0].Id.ShouldBe(CommentId.FromString("6f1c-uuid"));
        unit.Comments[0].UnknownFields.ShouldHaveSingleItem().Name.ShouldBe("edited");
    }

    [Fact]
    public void Unknown_fields_survive_a_change_to_a_known_field_written_after_the_known_ones()
    {
        var document = WorkUnitDocument.Parse(Encoding.UTF8.GetBytes(Line + "\n"));
        document.TryGet("bd-1", out var unit).ShouldBeTrue();

        var changed = document.With(unit with { Status = WorkStatus.Closed, ClosedAt = BeadsTimestamp.Parse("2026-03-02T00:00:00Z") });

        Encoding.UTF8.GetString(changed.ToUtf8Bytes()).ShouldBe(
            """{"id":"bd-1","title":"T","status":"closed","priority":1,"issue_type":"task","created_at":"2026-03-01T10:00:00Z","updated_at":"2026-03-01T10:00:00Z","closed_at":"2026-03-02T00:00:00Z","dependencies":[{"issue_id":"bd-1","depends_on_id":"bd-2","type":"blocks","created_at":"2026-03-01T10:00:00Z","created_by":"x","weight":0.5}],"comments":[{"id":"6f1c-uuid","issue_id":"bd-1","author":"a","text":"hi","created_at":"2026-03-01T10:00:00Z","edited":true}],"holder":"a@b.c","annotations":{"x":1,"nested":[true,null,"\u003c"]},"origin_system":"dolt"}""" + "\n");
    }

    [Fact]
    public void Unknown_fields_can_be_added_and_are_validated()
    {
        var unit = new WorkUnit { Id = "gt-1", Title = "t" } with
        {
            UnknownFields = [new UnknownJsonField("review_url", "\"S-1\""u8.ToArray())],
        };

        WorkUnitJson.ToJsonString(unit).ShouldBe("""{"id":"gt-1","title":"t","priority":0,"created_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z","review_url":"S-1"}""");
        Should.Throw<ArgumentException>(() => new UnknownJsonField("bad", "{\"a\":"u8.ToArray()));
        Should.Throw<ArgumentException>(() => new UnknownJsonField("two", "1 2"u8.ToArray()));
    }

    [Fact]
    public async Task Unknown_fields_from_the_streaming_reader_do_not_share_its_buffer()
    {
        var input = Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 2000).Select(i => Line.Replace("bd-1", $"bd-{i}", StringComparison.Ordinal))) + "\n");
        var units = new List<WorkUnit>();
        await foreach (var record in WorkUnitJsonlReader.ReadAsync(new MemoryStream(input), cancellationToken: TestContext.Current.CancellationToken))
        {
            units.Add(record.Value.ShouldNotBeNull());
        }

        units.Count.ShouldBe(2000);
        units.ShouldAllBe(u => u.UnknownFields[2].RawText == "\"dolt\"" && u.UnknownFields[0].RawText == "\"a@b.c\"");
    }
}
