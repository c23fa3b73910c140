using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Jsonl;

/// <summary>The document: lookups, edits, new files, and atomic saves to real files.</summary>
public sealed class WorkUnitDocumentTests
{
    private static WorkUnit Unit(string id, string title = "t") => new()
    {
        Id = id,
        Title = title,
        Status = WorkStatus.Open,
        Priority = 2,
        IssueType = WorkType.Task,
        CreatedAt = BeadsTimestamp.Parse("2025-12-30T19:11:03.816454-08:00"),
        UpdatedAt = BeadsTimestamp.Parse("2025-12-30T19:11:03.816454-08:00"),
    };

    [Fact]
    public void Create_sorts_by_id_in_byte_order_and_writes_canonical_lf_lines()
    {
        var document = WorkUnitDocument.Create([Unit("gt-b"), Unit("gt-B"), Unit("gt-a.10"), Unit("gt-a.9"), Unit("gt-a")]);

        document.WorkUnits.Select(u => u.Id).ShouldBe(["gt-B", "gt-a", "gt-a.10", "gt-a.9", "gt-b"]);
        document.IsSortedById.ShouldBeTrue();
        var text = Encoding.UTF8.GetString(document.ToUtf8Bytes());
        text.Split('\n').Length.ShouldBe(6);
        text.ShouldEndWith("}\n");
        text.ShouldNotContain("\r");
        Should.Throw<ArgumentException>(() => WorkUnitDocument.Create([Unit("gt-a"), Unit("gt-a")]));
    }

    [Fact]
    public void Ids_sort_in_utf8_byte_order_like_gos_cmp_Compare_not_utf16_order()
    {
        // U+FF5E (EF BD 9E in UTF-8) sorts before U+1F600 (F0 9F 98 80); in UTF-16 the surrogate D83D comes first.
        var fullwidth = "gt-\uFF5E";
        var emoji = "gt-\U0001F600";
        string.CompareOrdinal(emoji, fullwidth).ShouldBeLessThan(0);

        var document = WorkUnitDocument.Create([Unit(emoji), Unit(fullwidth), Unit("gt-z")]);

        document.WorkUnits.Select(u => u.Id).ShouldBe(["gt-z", fullwidth, emoji]);
        var utf8 = document.WorkUnits.Select(u => Encoding.UTF8.GetBytes(u.Id)).ToList();
        for (var i = 1; i < utf8.Count; i++)
        {
            utf8[i - 1].AsSpan().SequenceCompareTo(utf8[i]).ShouldBeLessThan(0);
        }

        WorkUnitDocument.Parse(document.ToUtf8Bytes()).IsSortedById.ShouldBeTrue();
    }

    [Fact]
    public void With_adds_at_the_sorted_position_in_a_sorted_file_and_replaces_in_place()
    {
        var fixture = WorkUnitDocument.Parse(FixtureLines.Bytes);
        var added = fixture.With(Unit("bd-00u4", "new"));

        added.WorkUnits.Count.ShouldBe(874);
        added.WorkUnits.Select(u => u.Id).ShouldBe(added.WorkUnits.Select(u => u.Id).Order(StringComparer.Ordinal));
        added.TryGet("bd-00u4", out var found).ShouldBeTrue();
        found.Title.ShouldBe("new");
        fixture.Contains("bd-00u4").ShouldBeFalse();

        // What upstream's exporter would write for the new state: the same file with one line inserted.
        var lines = FixtureLines.Lines();
        var at = added.WorkUnits.ToList().FindIndex(u => u.Id == "bd-00u4");
        lines.Insert(at, WorkUnitJson.ToUtf8Bytes(found));
        added.ToUtf8Bytes().ShouldBeBytes(FixtureLines.Join(lines));

        var removed = added.Without("bd-00u4");
        removed.ToUtf8Bytes().ShouldBeBytes(FixtureLines.Bytes);
        removed.Without("no-such-id").ShouldBeSameAs(removed);
    }

    [Fact]
    public void Passing_back_an_untouched_instance_changes_nothing()
    {
        var document = WorkUnitDocument.Parse(FixtureLines.Bytes);

        document.With(document.WorkUnits[5]).ShouldBeSameAs(document);
    }

    [Fact]
    public void With_appends_to_an_unsorted_file()
    {
        var document = WorkUnitDocument.Parse(Encoding.UTF8.GetBytes(WorkUnitJson.ToJsonString(Unit("gt-z")) + "\n" + WorkUnitJson.ToJsonString(Unit("gt-a")) + "\n"));

        document.With(Unit("gt-m")).WorkUnits.Select(u => u.Id).ShouldBe(["gt-z", "gt-a", "gt-m"]);
    }

    [Fact]
    public async Task SaveAsync_writes_atomically_through_a_temp_file_and_LoadAsync_reads_it_back()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("issues.jsonl");
        var document = WorkUnitDocument.Parse(FixtureLines.Bytes);
        var ct = TestContext.Current.CancellationToken;

        await document.SaveAsync(path, ct);
        (await File.ReadAllBytesAsync(path, ct)).ShouldBeBytes(FixtureLines.Bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var loaded = await WorkUnitDocument.LoadAsync(path, ct);
        loaded.TryGet("bd-00u3", out var unit).ShouldBeTrue();

        // A reader that opened the old file keeps reading the old bytes while the save replaces it.
        await using (var before = File.OpenRead(path))
        {
            await loaded.With(unit with { Priority = 0 }).SaveAsync(path, ct);
            var oldBytes = new byte[FixtureLines.Bytes.Length];
            await before.ReadExactlyAsync(oldBytes, ct);
            oldBytes.ShouldBeBytes(FixtureLines.Bytes);
        }

        (await WorkUnitDocument.LoadAsync(path, ct)).TryGet("bd-00u3", out var saved).ShouldBeTrue();
        saved.Priority.ShouldBe(0);
        Directory.GetFiles(temp.Path).ShouldBe([path]); // no temp file left behind
    }

    [Fact]
    public async Task A_cancelled_save_leaves_the_target_untouched_and_no_temp_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("issues.jsonl");
        await File.WriteAllTextAsync(path, "old\n", TestContext.Current.CancellationToken);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () => await WorkUnitDocument.Parse(FixtureLines.Bytes).SaveAsync(path, cancelled.Token));

        (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ShouldBe("old\n");
        Directory.GetFiles(temp.Path).ShouldBe([path]);
    }

    [Fact]
    public async Task LoadAsync_from_a_stream_and_the_streaming_reader_see_the_whole_fixture()
    {
        var ct = TestContext.Current.CancellationToken;
        var fromStream = await WorkUnitDocument.LoadAsync(new MemoryStream(FixtureLines.Bytes), cancellationToken: ct);
        fromStream.ToUtf8Bytes().ShouldBeBytes(FixtureLines.Bytes);

        var ids = new List<string>();
        await foreach (var record in WorkUnitJsonlReader.ReadAsync(Fixtures.BeadsSyncIssues, cancellationToken: ct))
        {
            record.Diagnostic.ShouldBeNull();
            ids.Add(record.Value!.Id);
        }

        ids.ShouldBe(fromStream.WorkUnits.Select(u => u.Id));
    }

    [Fact]
    public async Task Missing_files_throw_FileNotFoundException()
    {
        using var temp = new TempDirectory();
        await Should.ThrowAsync<FileNotFoundException>(async () => await WorkUnitDocument.LoadAsync(temp.Combine("nope.jsonl"), TestContext.Current.CancellationToken));
    }
}
