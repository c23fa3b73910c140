using System.Text;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>
/// A loaded document finds its ids through an index of their bytes in the file (no string per line): escaped ids,
/// duplicates, ids no file can hold, long ids, and files whose line count the loader under-estimated.
/// </summary>
public sealed class LoadedIdIndexTests
{
    private static string Line(string idJson, string title = "t", string description = "")
        => $$"""{"id":"{{idJson}}","title":"{{title}}","description":"{{description}}","status":"open","priority":2,"issue_type":"task","created_at":"2026-03-01T10:00:00Z","updated_at":"2026-03-01T10:00:00Z"}""";

    private static WorkUnitDocument Load(params string[] lines) => WorkUnitDocument.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    [Fact]
    public void An_id_written_with_escapes_is_found_by_its_decoded_text()
    {
        var document = Load(Line("gt-a"), Line("gt-\\u0042\\u00e9"), Line("gt-c"));

        document.Diagnostics.ShouldBeEmpty();
        document.TryGet("gt-B\u00e9", out var unit).ShouldBeTrue();
        unit.Id.ShouldBe("gt-B\u00e9");
        document.TryGetOriginalLine(unit, out var original).ShouldBeTrue();
        Encoding.UTF8.GetString(original.Span).ShouldBe(Line("gt-\\u0042\\u00e9"));
        document.Contains("gt-\\u0042\\u00e9").ShouldBeFalse();
        document.TryGet("gt-c", out var plain).ShouldBeTrue();
        plain.Id.ShouldBe("gt-c");
    }

    [Fact]
    public void The_same_id_spelled_plainly_and_with_escapes_is_a_duplicate_and_the_last_wins()
    {
        var document = Load(Line("gt-Ab", "first"), Line("gt-x"), Line("gt-\\u0041b", "second"));

        var duplicate = document.Diagnostics.ShouldHaveSingleItem();
        duplicate.Kind.ShouldBe(JsonlDiagnosticKind.DuplicateId);
        duplicate.Severity.ShouldBe(JsonlDiagnosticSeverity.Warning);
        duplicate.LineNumber.ShouldBe(3);
        duplicate.Message.ShouldContain("\"gt-Ab\"");
        document.TryGet("gt-Ab", out var unit).ShouldBeTrue();
        unit.Title.ShouldBe("second");
        document.Count.ShouldBe(3);
    }

    [Fact]
    public void A_plain_duplicate_is_reported_with_its_id_and_line_and_lookups_return_the_last()
    {
        var document = Load(Line("gt-1", "first"), Line("gt-2"), Line("gt-1", "second"));

        var duplicate = document.Diagnostics.ShouldHaveSingleItem();
        duplicate.Kind.ShouldBe(JsonlDiagnosticKind.DuplicateId);
        duplicate.LineNumber.ShouldBe(3);
        duplicate.Message.ShouldContain("\"gt-1\"");
        document.TryGet("gt-1", out var unit).ShouldBeTrue();
        unit.Title.ShouldBe("second");
        document.WorkUnits.Select(u => u.Title).ShouldBe(["first", "t", "second"]);
    }

    [Fact]
    public void Ids_no_file_holds_are_not_found_and_long_ids_are()
    {
        var longId = "gt-" + new string('\u00e9', 400); // 803 UTF-8 bytes: past the stack buffer
        var document = Load(Line("gt-a"), Line(longId));

        document.TryGet(longId, out var unit).ShouldBeTrue();
        unit.Id.ShouldBe(longId);
        document.TryGet("gt-" + new string('\u00e9', 399), out _).ShouldBeFalse();
        document.TryGet("gt-\uD800", out _).ShouldBeFalse(); // a lone surrogate: not UTF-16 text any file can hold
        document.TryGet("gt-b", out _).ShouldBeFalse();
        document.TryGet(string.Empty, out _).ShouldBeFalse();
        document.Contains("gt-a").ShouldBeTrue();
    }

    [Fact]
    public void Id_order_of_a_loaded_file_is_judged_in_utf8_byte_order()
    {
        // U+FF5E sorts before U+1F600 in UTF-8 (and in Go), after it in UTF-16.
        Load(Line("gt-z"), Line("gt-\uFF5E"), Line("gt-\U0001F600")).IsSortedById.ShouldBeTrue();
        Load(Line("gt-z"), Line("gt-\U0001F600"), Line("gt-\uFF5E")).IsSortedById.ShouldBeFalse();
        Load(Line("gt-b"), Line("gt-a")).IsSortedById.ShouldBeFalse();
        Load(Line("gt-a"), Line("gt-\\u0062"), Line("gt-c")).IsSortedById.ShouldBeTrue();
        Load(Line("gt-c"), Line("gt-\\u0062")).IsSortedById.ShouldBeFalse();
    }

    [Fact]
    public void A_file_with_more_lines_than_its_first_lines_suggest_is_indexed_whole()
    {
        // One 100 kB line first: the loader's estimate from its first 64 kB is far short of the 5,000 lines that follow.
        var lines = new List<string> { Line("gt-big", description: new string('x', 100_000)) };
        lines.AddRange(Enumerable.Range(0, 5_000).Select(i => Line($"gt-{i:D5}")));

        var document = Load([.. lines]);

        document.Diagnostics.ShouldBeEmpty();
        document.Count.ShouldBe(5_001);
        document.TryGet("gt-big", out var big).ShouldBeTrue();
        big.Description!.Length.ShouldBe(100_000);
        for (var i = 0; i < 5_000; i++)
        {
            document.TryGet($"gt-{i:D5}", out var unit).ShouldBeTrue();
            unit.Id.ShouldBe($"gt-{i:D5}");
        }

        document.WorkUnits[^1].Id.ShouldBe("gt-04999");
        document.ToUtf8Bytes().ShouldBe(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
    }

    [Fact]
    public void Editing_a_loaded_document_finds_its_records_by_id()
    {
        var document = Load(Line("gt-a"), Line("gt-\\u0062"), Line("gt-c"));
        document.TryGet("gt-b", out var b).ShouldBeTrue();

        var edited = document.With(b with { Title = "changed" });

        edited.Count.ShouldBe(3);
        edited.TryGet("gt-b", out var changed).ShouldBeTrue();
        changed.Title.ShouldBe("changed");
        edited.WorkUnits.Select(u => u.Id).ShouldBe(["gt-a", "gt-b", "gt-c"]);
        document.Without("gt-b").WorkUnits.Select(u => u.Id).ShouldBe(["gt-a", "gt-c"]);
        document.Without("gt-z").ShouldBeSameAs(document);
    }

    [Fact]
    public void Ids_chosen_to_collide_switch_the_index_to_its_seeded_hash_and_are_all_found()
    {
        // A hostile file: 300 ids whose fast hash lands on the same slot of the table.
        var ids = new List<string>();
        for (var n = 0; ids.Count < 300; n++)
        {
            var id = $"gt-{n}";
            if ((LineIdIndex.FastHash(Encoding.UTF8.GetBytes(id)) & 1023) == 0)
            {
                ids.Add(id);
            }
        }

        // Out of id order, so the loader builds the hash index as it reads.
        var document = Load([.. ids.OrderDescending(StringComparer.Ordinal).Select(id => Line(id)), Line(ids[7], "again")]);

        document.HasIdHashIndex.ShouldBeTrue();
        document.IdIndexIsRandomized.ShouldBeTrue();
        document.Diagnostics.ShouldHaveSingleItem().Kind.ShouldBe(JsonlDiagnosticKind.DuplicateId);
        document.Count.ShouldBe(301);
        foreach (var id in ids)
        {
            document.TryGet(id, out var unit).ShouldBeTrue();
            unit.Id.ShouldBe(id);
        }

        document.TryGet(ids[7], out var last).ShouldBeTrue();
        last.Title.ShouldBe("again");
        Load(Line("gt-a"), Line("gt-b")).IdIndexIsRandomized.ShouldBeFalse();
    }

    [Fact]
    public void In_a_file_sorted_by_id_duplicates_are_adjacent_reported_and_the_last_wins()
    {
        var document = Load(Line("gt-1", "first"), Line("gt-1", "second"), Line("gt-2"), Line("gt-3", "a"), Line("gt-3", "b"), Line("gt-3", "c"));

        document.IsSortedById.ShouldBeTrue();
        document.Diagnostics.Select(d => (d.Kind, d.LineNumber)).ShouldBe(
            [(JsonlDiagnosticKind.DuplicateId, 2), (JsonlDiagnosticKind.DuplicateId, 5), (JsonlDiagnosticKind.DuplicateId, 6)]);
        document.TryGet("gt-1", out var one).ShouldBeTrue();
        one.Title.ShouldBe("second");
        document.TryGet("gt-3", out var three).ShouldBeTrue();
        three.Title.ShouldBe("c");
        document.TryGet("gt-0", out _).ShouldBeFalse();
        document.TryGet("gt-25", out _).ShouldBeFalse();
        document.TryGet("gt-4", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_sorted_file_answers_the_same_before_and_after_it_builds_its_hash_index()
    {
        // The first lookups binary-search the sorted lines; after 64 the document builds its hash index.
        var ids = Enumerable.Range(0, 300).Select(i => $"gt-{i:D4}").ToList();
        var lines = ids.Select(id => Line(id)).ToList();
        lines.Insert(151, Line("gt-0150", "again")); // a duplicate, adjacent in a sorted file
        lines.Insert(0, "not json"); // lines that are not records sit between them
        lines.Insert(100, string.Empty);
        var document = Load([.. lines]);
        document.IsSortedById.ShouldBeTrue();
        document.HasIdHashIndex.ShouldBeFalse();

        for (var round = 0; round < 3; round++)
        {
            document.HasIdHashIndex.ShouldBe(round > 0);
            foreach (var id in ids)
            {
                document.TryGet(id, out var unit).ShouldBeTrue();
                unit.Id.ShouldBe(id);
                document.TryGetOriginalLine(unit, out _).ShouldBeTrue();
            }

            document.TryGet("gt-0150", out var duplicate).ShouldBeTrue();
            duplicate.Title.ShouldBe("again");
            document.TryGet("gt-0300", out _).ShouldBeFalse();
            document.TryGet("gt-", out _).ShouldBeFalse();
            document.TryGet("gt-00000", out _).ShouldBeFalse();
        }
    }
}
