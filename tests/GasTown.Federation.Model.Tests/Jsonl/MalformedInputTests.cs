using System.Text;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>Bad lines are reported with their line number and byte offset; the rest of the file is still read.</summary>
public sealed class MalformedInputTests
{
    private const string Good1 = """{"id":"gt-a","title":"A","status":"open","priority":2,"issue_type":"task","created_at":"2025-12-30T19:11:03.816454-08:00","updated_at":"2025-12-30T19:11:03.816454-08:00"}""";
    private const string Good2 = """{"id":"gt-b","title":"B","status":"closed","priority":0,"issue_type":"bug","created_at":"2025-12-30T19:11:03Z","updated_at":"2025-12-30T19:11:04Z","closed_at":"2025-12-30T19:11:04Z"}""";
    private const string Good3 = """{"id":"gt-c","title":"C","status":"open","priority":1,"issue_type":"task","created_at":"2025-12-30T19:11:03Z","updated_at":"2025-12-30T19:11:03Z"}""";

    public static TheoryData<string, JsonlDiagnosticKind> BadLines => new()
    {
        { """{"id":"gt-x","title":"broken""", JsonlDiagnosticKind.InvalidJson },
        { """{"id":"gt-x",,"title":"x"}""", JsonlDiagnosticKind.InvalidJson },
        { """["gt-x"]""", JsonlDiagnosticKind.InvalidRecord },
        { """{"title":"no id","priority":1}""", JsonlDiagnosticKind.MissingId },
        { """{"id":"","title":"empty id"}""", JsonlDiagnosticKind.MissingId },
        { """{"id":"gt-x","priority":"high"}""", JsonlDiagnosticKind.InvalidRecord },
        { """{"id":"gt-x","labels":"a,b"}""", JsonlDiagnosticKind.InvalidRecord },
        { """{"id":"gt-x","created_at":"yesterday"}""", JsonlDiagnosticKind.InvalidRecord },
        { """{"id":"gt-x","dependencies":[{"issue_id":1}]}""", JsonlDiagnosticKind.InvalidRecord },
        { """{"id":"gt-x"} {"id":"gt-y"}""", JsonlDiagnosticKind.InvalidJson },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void A_bad_line_is_reported_with_its_line_number_and_offset_and_the_rest_is_read(string bad, JsonlDiagnosticKind kind)
    {
        var input = Encoding.UTF8.GetBytes($"{Good1}\n{bad}\n{Good2}\n");

        var document = WorkUnitDocument.Parse(input);

        document.WorkUnits.Select(u => u.Id).ShouldBe(["gt-a", "gt-b"]);
        var diagnostic = document.Diagnostics.ShouldHaveSingleItem();
        diagnostic.LineNumber.ShouldBe(2);
        diagnostic.ByteOffset.ShouldBe(Good1.Length + 1);
        diagnostic.Kind.ShouldBe(kind);
        diagnostic.Severity.ShouldBe(JsonlDiagnosticSeverity.Error);
        diagnostic.Message.ShouldNotBeNullOrWhiteSpace();

        // The bad line is not lost: writing the document back reproduces the file.
        document.ToUtf8Bytes().ShouldBeBytes(input);
    }

    [Fact]
    public void Wrong_type_messages_name_the_field_and_the_position()
    {
        var document = WorkUnitDocument.Parse(Encoding.UTF8.GetBytes("""{"id":"gt-x","priority":"high"}"""));

        document.Diagnostics[0].Message.ShouldContain("\"priority\" at byte 24 is a JSON string");
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_the_byte_position()
    {
        var bad = Encoding.UTF8.GetBytes("""{"id":"gt-x","title":"caf?"}""");
        bad[Array.IndexOf(bad, (byte)'?')] = 0xE9; // Latin-1 é, invalid in UTF-8
        var input = Concat(Encoding.UTF8.GetBytes(Good1 + "\n"), bad, "\n"u8.ToArray(), Encoding.UTF8.GetBytes(Good2 + "\n"));

        var document = WorkUnitDocument.Parse(input);

        document.WorkUnits.Count.ShouldBe(2);
        var diagnostic = document.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Kind.ShouldBe(JsonlDiagnosticKind.InvalidUtf8);
        diagnostic.LineNumber.ShouldBe(2);
        diagnostic.Message.ShouldContain("byte 25");
        document.ToUtf8Bytes().ShouldBeBytes(input);
    }

    [Fact]
    public void A_truncated_last_line_is_reported_as_such()
    {
        var input = Encoding.UTF8.GetBytes($"{Good1}\n{Good2}\n{Good3[..40]}");

        var document = WorkUnitDocument.Parse(input);

        document.WorkUnits.Count.ShouldBe(2);
        var diagnostic = document.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Kind.ShouldBe(JsonlDiagnosticKind.TruncatedLastLine);
        diagnostic.LineNumber.ShouldBe(3);
        document.ToUtf8Bytes().ShouldBeBytes(input);
    }

    [Fact]
    public void A_complete_last_line_without_a_line_feed_is_read_and_kept_unterminated()
    {
        var input = Encoding.UTF8.GetBytes($"{Good1}\n{Good2}");

        var document = WorkUnitDocument.Parse(input);

        document.Diagnostics.ShouldBeEmpty();
        document.WorkUnits.Count.ShouldBe(2);
        document.ToUtf8Bytes().ShouldBeBytes(input);

        // Adding a record after it must not glue two records onto one line.
        var added = document.With(WorkUnitJson.Read(Good3));
        Encoding.UTF8.GetString(added.ToUtf8Bytes()).ShouldBe($"{Good1}\n{Good2}\n{Good3}\n");
    }

    [Fact]
    public void Crlf_line_endings_are_accepted_and_preserved()
    {
        var input = Encoding.UTF8.GetBytes($"{Good1}\r\n{Good2}\r\n{Good3}\r\n");

        var document = WorkUnitDocument.Parse(input);

        document.Diagnostics.ShouldBeEmpty();
        document.WorkUnits.Select(u => u.Id).ShouldBe(["gt-a", "gt-b", "gt-c"]);
        document.ToUtf8Bytes().ShouldBeBytes(input);

        // A changed line keeps its CRLF; the other lines keep their bytes.
        document.TryGet("gt-b", out var b).ShouldBeTrue();
        var changed = document.With(b with { Priority = 3 });
        Encoding.UTF8.GetString(changed.ToUtf8Bytes()).ShouldBe($"{Good1}\r\n{Good2.Replace("\"priority\":0", "\"priority\":3", StringComparison.Ordinal)}\r\n{Good3}\r\n");
    }

    [Fact]
    public void A_utf8_bom_is_accepted_and_preserved()
    {
        var input = Concat([0xEF, 0xBB, 0xBF], Encoding.UTF8.GetBytes($"{Good1}\n{Good2}\n"));

        var document = WorkUnitDocument.Parse(input);

        document.Diagnostics.ShouldBeEmpty();
        document.HasByteOrderMark.ShouldBeTrue();
        document.WorkUnits.Count.ShouldBe(2);
        document.ToUtf8Bytes().ShouldBeBytes(input);
        document.Canonicalize().HasByteOrderMark.ShouldBeFalse();
    }

    [Fact]
    public void Blank_lines_are_skipped_without_diagnostics_and_kept_on_write()
    {
        var input = Encoding.UTF8.GetBytes($"\n{Good1}\n   \n\n{Good2}\n");

        var document = WorkUnitDocument.Parse(input);

        document.Diagnostics.ShouldBeEmpty();
        document.WorkUnits.Count.ShouldBe(2);
        document.ToUtf8Bytes().ShouldBeBytes(input);
        Encoding.UTF8.GetString(document.Canonicalize().ToUtf8Bytes()).ShouldBe($"{Good1}\n{Good2}\n");
    }

    [Fact]
    public void An_8_MiB_line_is_read_under_the_default_bound_and_skipped_under_a_small_one()
    {
        var description = new string('x', 8 * 1024 * 1024);
        var big = $$"""{"id":"gt-big","title":"big","description":"{{description}}","priority":2,"created_at":"2025-12-30T19:11:03Z","updated_at":"2025-12-30T19:11:03Z"}""";
        var input = Encoding.UTF8.GetBytes($"{Good1}\n{big}\n{Good2}\n");

        var document = WorkUnitDocument.Parse(input);
        document.Diagnostics.ShouldBeEmpty();
        document.TryGet("gt-big", out var unit).ShouldBeTrue();
        unit.Description!.Length.ShouldBe(description.Length);

        var small = WorkUnitDocument.Parse(input, new JsonlReadOptions { MaxLineLength = 1024 * 1024 });
        small.WorkUnits.Select(u => u.Id).ShouldBe(["gt-a", "gt-b"]);
        var diagnostic = small.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Kind.ShouldBe(JsonlDiagnosticKind.LineTooLong);
        diagnostic.LineNumber.ShouldBe(2);
        small.ToUtf8Bytes().ShouldBeBytes(input);
    }

    [Fact]
    public void Duplicate_ids_are_a_warning_and_lookups_return_the_last()
    {
        var second = Good1.Replace("\"title\":\"A\"", "\"title\":\"A again\"", StringComparison.Ordinal);
        var document = WorkUnitDocument.Parse(Encoding.UTF8.GetBytes($"{Good1}\n{second}\n"));

        var diagnostic = document.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Kind.ShouldBe(JsonlDiagnosticKind.DuplicateId);
        diagnostic.Severity.ShouldBe(JsonlDiagnosticSeverity.Warning);
        document.WorkUnits.Count.ShouldBe(2);
        document.TryGet("gt-a", out var unit).ShouldBeTrue();
        unit.Title.ShouldBe("A again");
    }

    [Fact]
    public async Task The_streaming_reader_reports_the_same_problems_with_line_numbers()
    {
        var bad = Encoding.UTF8.GetBytes("""{"id":"gt-x","title":"caf?"}""");
        bad[Array.IndexOf(bad, (byte)'?')] = 0xFF;
        var longLine = $$"""{"id":"gt-long","title":"{{new string('y', 300_000)}}"}""";
        var input = Concat(
            [0xEF, 0xBB, 0xBF],
            Encoding.UTF8.GetBytes($"{Good1}\r\n\n{{\"title\":\"no id\"}}\n"),
            bad,
            Encoding.UTF8.GetBytes($"\n{longLine}\n{Good2}\n{Good3[..30]}"));

        var records = new List<JsonlRecord<WorkUnit>>();
        await foreach (var record in WorkUnitJsonlReader.ReadAsync(new MemoryStream(input), new JsonlReadOptions { MaxLineLength = 100_000 }, TestContext.Current.CancellationToken))
        {
            records.Add(record);
        }

        records.Select(r => (r.LineNumber, r.Value?.Id, r.Diagnostic?.Kind)).ShouldBe(
        [
            (1, "gt-a", null),
            (3, null, JsonlDiagnosticKind.MissingId),
            (4, null, JsonlDiagnosticKind.InvalidUtf8),
            (5, null, JsonlDiagnosticKind.LineTooLong),
            (6, "gt-b", null),
            (7, null, JsonlDiagnosticKind.TruncatedLastLine),
        ]);
        records[0].ByteOffset.ShouldBe(3);
        records[1].ByteOffset.ShouldBe(3 + Good1.Length + 3);
    }

    [Fact]
    public void WorkUnitJson_Read_throws_a_typed_exception_with_the_position()
    {
        var ex = Should.Throw<WorkUnitFormatException>(() => WorkUnitJson.Read("""{"id":"gt-x","priority":true}"""));

        ex.Kind.ShouldBe(JsonlDiagnosticKind.InvalidRecord);
        ex.BytePosition.ShouldBe(24);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
