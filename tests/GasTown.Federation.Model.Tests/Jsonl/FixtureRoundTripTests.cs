using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>The real exporter output from upstream's beads-sync branch, read and written back.</summary>
public sealed class FixtureRoundTripTests
{
    // FORMATS §1.2: the reduced struct of upstream's merge driver, in its own key order.
    private static readonly string[] MergeDriverOrder =
    [
        "id", "title", "description", "notes", "status", "priority", "issue_type", "created_at", "updated_at",
        "closed_at", "created_by", "dependencies", "deleted_at", "deleted_by", "delete_reason", "original_type",
    ];

    [Fact]
    public void The_fixture_reads_without_diagnostics_into_873_sorted_work_units()
    {
        var document = WorkUnitDocument.Parse(FixtureLines.Bytes);

        document.Diagnostics.ShouldBeEmpty();
        document.WorkUnits.Count.ShouldBe(873);
        document.IsSortedById.ShouldBeTrue();
        document.HasByteOrderMark.ShouldBeFalse();
        document.TryGet("bd-6df0", out var withComment).ShouldBeTrue();
        withComment.Comments.ShouldNotBeEmpty();
        withComment.Comments[0].Id.IsNumber.ShouldBeTrue();
        withComment.Comments[0].CreatedAt.Text.ShouldBe("2025-12-26T23:20:20Z");
    }

    [Fact]
    public void The_fixture_is_written_back_byte_for_byte()
    {
        var document = WorkUnitDocument.Parse(FixtureLines.Bytes);

        document.ToUtf8Bytes().ShouldBeBytes(FixtureLines.Bytes);
    }

    [Fact]
    public void Reordered_lines_are_written_back_in_their_order_byte_for_byte()
    {
        var lines = FixtureLines.Lines();
        var shuffled = lines.OrderBy(l => l.Length * 7919 % 1013).ThenBy(l => l.Length).ToList();
        var input = FixtureLines.Join(shuffled);
        input.AsSpan().SequenceEqual(FixtureLines.Bytes).ShouldBeFalse();

        var document = WorkUnitDocument.Parse(input);

        document.Diagnostics.ShouldBeEmpty();
        document.IsSortedById.ShouldBeFalse();
        document.ToUtf8Bytes().ShouldBeBytes(input);
    }

    [Fact]
    public void A_file_in_the_merge_drivers_key_order_is_written_back_byte_for_byte_and_canonicalizes_to_the_exporters_bytes()
    {
        var input = FixtureLines.Join(FixtureLines.Lines().Select(ToMergeDriverOrder));
        input.AsSpan().SequenceEqual(FixtureLines.Bytes).ShouldBeFalse();

        var document = WorkUnitDocument.Parse(input);

        document.Diagnostics.ShouldBeEmpty();
        document.ToUtf8Bytes().ShouldBeBytes(input);

        // The same records, written as beads' exporter would, give back the exporter's own file.
        document.Canonicalize().ToUtf8Bytes().ShouldBeBytes(FixtureLines.Bytes);
    }

    [Fact]
    public void The_canonical_writer_reproduces_every_exporter_line()
    {
        var mismatches = new List<string>();
        foreach (var line in FixtureLines.Lines())
        {
            var unit = WorkUnitJson.Read(line);
            var written = WorkUnitJson.ToUtf8Bytes(unit);
            if (!written.AsSpan().SequenceEqual(line))
            {
                mismatches.Add($"{unit.Id}:\n  expected {FixtureLines.Text(line)}\n  actual   {FixtureLines.Text(written)}");
            }
        }

        mismatches.ShouldBeEmpty(string.Join('\n', mismatches.Take(3)));
    }

    [Fact]
    public void Changing_one_field_rewrites_only_that_line_exactly_as_the_exporter_would()
    {
        var lines = FixtureLines.Lines();
        var document = WorkUnitDocument.Parse(FixtureLines.Bytes);
        var checkedLines = 0;
        for (var i = 0; i < lines.Count; i += 7)
        {
            var unit = document.WorkUnits[i];
            var newStatus = unit.Status == WorkStatus.Closed ? WorkStatus.Open : WorkStatus.Closed;
            var changed = document.With(unit with { Status = newStatus });

            var expectedLine = FixtureLines.Text(lines[i]).Replace(
                $",\"status\":\"{unit.Status.Value}\",", $",\"status\":\"{newStatus.Value}\",", StringComparison.Ordinal);
            var expected = lines.ToList();
            expected[i] = System.Text.Encoding.UTF8.GetBytes(expectedLine);

            // SequenceEqual rather than ShouldBe: Shouldly compares 856 KB arrays element by element, far too slowly.
            var written = changed.ToUtf8Bytes();
            if (!written.AsSpan().SequenceEqual(FixtureLines.Join(expected)))
            {
                FixtureLines.Text(FixtureLines.Lines(written)[i]).ShouldBe(expectedLine, $"line {i + 1} ({unit.Id})");
                Assert.Fail($"a line other than {i + 1} changed");
            }

            document.ToUtf8Bytes().AsSpan().SequenceEqual(FixtureLines.Bytes).ShouldBeTrue("the original document is untouched");
            checkedLines++;
        }

        checkedLines.ShouldBeGreaterThan(120);
    }

    [Fact]
    public void Every_field_of_every_line_survives_a_change_to_another_field()
    {
        var lines = FixtureLines.Lines();
        var document = WorkUnitDocument.Parse(FixtureLines.Bytes);
        var changed = document.With(document.WorkUnits.Select(u => u with { Title = u.Title + " (edited)" }).ToList());

        var written = FixtureLines.Lines(changed.ToUtf8Bytes());
        written.Count.ShouldBe(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var expected = JsonNode.Parse(lines[i])!.AsObject();
            expected["title"] = expected["title"]!.GetValue<string>() + " (edited)";
            var actual = JsonNode.Parse(written[i])!.AsObject();

            JsonNode.DeepEquals(actual, expected).ShouldBeTrue(FixtureLines.Text(written[i]));
            actual.Select(p => p.Key).ShouldBe(expected.Select(p => p.Key));
        }
    }

    private static byte[] ToMergeDriverOrder(byte[] line)
    {
        var source = JsonNode.Parse(line)!.AsObject();
        var reordered = new JsonObject();
        foreach (var key in MergeDriverOrder)
        {
            if (source[key] is { } value)
            {
                reordered[key] = value.DeepClone();
            }
        }

        // The real merge driver dropped every other key; we keep them (after the known ones) to prove nothing is lost.
        foreach (var (key, value) in source)
        {
            if (!reordered.ContainsKey(key))
            {
                reordered[key] = value?.DeepClone();
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(reordered.ToJsonString(new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }
}
