using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>
/// Half a surrogate pair, escaped (<c>"\ud800"</c>), is valid JSON and reads as U+FFFD in beads (Go). A remote's line
/// with one in its title made the whole chain unreadable ("valid when the document was loaded but no longer reads"), and
/// one in its metadata cut every <c>--json</c> answer holding the unit off half-written. Every other reader of the SDK read
/// it so already (<see cref="GoJsonInput"/>); the issues parser now does too.
/// </summary>
public sealed class LoneSurrogateEscapeTests
{
    private const string Good = """{"id":"gt-1","title":"fine","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""";

    [Theory]
    [InlineData("\\ud800", "\uFFFD")]
    [InlineData("\\uDC00", "\uFFFD")]
    [InlineData("a\\ud800\\u0041", "a\uFFFDA")]
    [InlineData("\\udc00\\ud800", "\uFFFD\uFFFD")]
    [InlineData("\\ud83d\\ude00", "\U0001F600")] // a pair is one character, kept
    [InlineData("\\\\ud800", "\\ud800")] // an escaped backslash and plain text, not an escape
    [InlineData("x\\ud800", "x\uFFFD")]
    public void A_title_holding_one_reads_as_the_replacement_character_as_go_reads_it(string escaped, string title)
    {
        var line = Encoding.UTF8.GetBytes($$"""{"id":"gt-2","title":"{{escaped}}","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""");
        var bytes = Encoding.UTF8.GetBytes(Good + "\n" + Encoding.UTF8.GetString(line) + "\n");

        var document = WorkUnitDocument.Parse(bytes);

        document.Diagnostics.ShouldBeEmpty();
        document.WorkUnits.Select(u => u.Title).ShouldBe(["fine", title]);
        document.ToUtf8Bytes().ShouldBe(bytes); // the document's own bytes are as read
        WorkUnitJson.TryRead(line, out var unit, out var error).ShouldBeTrue(error);
        unit!.Title.ShouldBe(title);
    }

    [Theory]
    [InlineData(@"\u003c\u003e\u0026", false)] // Go's escapes of <, > and & (a fifth of a real beads file's lines)
    [InlineData(@"caf\u00e9 \ud7ff \ue000 \uD", false)]
    [InlineData(@"\ud800", true)]
    [InlineData(@"\uDBFF", true)]
    [InlineData(@"x \u0041 \uDc00", true)]
    [InlineData(@"\\ud800", true)] // no escape (an escaped backslash), but the same bytes: the walk tells them apart
    public void Only_a_line_holding_the_bytes_of_an_escaped_surrogate_is_walked(string text, bool walked)
    {
        var line = Encoding.UTF8.GetBytes($$"""{"id":"gt-2","title":"{{text}}"}""");

        GoJsonInput.MayHoldSurrogateEscape(line).ShouldBe(walked);
        if (!walked)
        {
            // Returned as it is, without a copy: the walk is what a line without one is spared.
            (GoJsonInput.Normalize((ReadOnlySpan<byte>)line) == line).ShouldBeTrue();
        }
    }

    [Fact]
    public void Metadata_holding_one_is_kept_as_the_replacement_and_writes_as_json_any_reader_decodes()
    {
        var line = """{"id":"gt-2","title":"t","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","metadata":{"n":"\udc00"},"extra":["\ud800"]}"""u8.ToArray();

        var unit = WorkUnitDocument.Parse(line).WorkUnits.ShouldHaveSingleItem();

        unit.Metadata!.Value.GetProperty("n").GetString().ShouldBe("\uFFFD");
        using var written = JsonDocument.Parse(WorkUnitJson.ToUtf8Bytes(unit));
        written.RootElement.GetProperty("metadata").GetProperty("n").GetString().ShouldBe("\uFFFD");
        written.RootElement.GetProperty("extra")[0].GetString().ShouldBe("\uFFFD");
    }

    [Fact]
    public void A_line_without_one_is_read_from_its_own_bytes_and_one_with_one_from_a_copy_as_long()
    {
        ReadOnlyMemory<byte> good = Encoding.UTF8.GetBytes(Good);
        (GoJsonInput.Normalize(good).Span == good.Span).ShouldBeTrue();
        ReadOnlyMemory<byte> bad = "{\"id\":\"a\",\"title\":\"\\ud800\"}"u8.ToArray();
        var normalized = GoJsonInput.Normalize(bad);
        Encoding.UTF8.GetString(normalized.Span).ShouldBe("{\"id\":\"a\",\"title\":\"\\ufffd\"}");
        normalized.Length.ShouldBe(bad.Length);
    }
}
