using System.Text.Json.Nodes;

namespace GasTown.Federation.Query.Tests.Json;

/// <summary>
/// A whole list's document written from its pages: the items back in order, byte for byte, the document as the whole
/// result's, and no file left behind.
/// </summary>
public sealed class ListDocumentWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gtfed-spool-test-").FullName;

    [Fact]
    public void Items_past_the_page_read_back_in_order_as_written()
    {
        var items = Enumerable.Range(0, 25).Select(i => new JsonObject
        {
            ["id"] = $"gt-{i}",
            ["title"] = i % 2 == 0 ? "line\nbreak \"quoted\" \u2028" : "plain",
            ["priority"] = i,
            ["ratio"] = JsonNode.Parse("1.50"),
        }).ToList();
        var expected = items.Select(i => i.ToJsonString()).ToList();

        using var spool = new ListDocumentWriter(inMemoryItems: 10, spoolFolder: _folder);
        foreach (var item in items)
        {
            spool.Add(item);
        }

        spool.Count.ShouldBe(25);
        spool.Read().Select(n => n.ToJsonString()).ToList().ShouldBe(expected);
    }

    [Fact]
    public void A_spooling_list_leaves_no_file_a_killed_process_would_leave_behind()
    {
        // On Windows the name stays until the handle closes (the system deletes it then, a killed process's handles too).
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows keeps a DeleteOnClose file's name until its handle closes.");
        // The file's name is gone while the spool still writes and reads through it: a SIGKILL now leaves nothing in
        // the temporary folder (on the old spool the name stayed until Dispose, so a killed gtfed left its file).
        using var spool = new ListDocumentWriter(inMemoryItems: 2, spoolFolder: _folder);
        for (var i = 0; i < 5; i++)
        {
            spool.Add(new JsonObject { ["id"] = $"gt-{i}" });
        }

        Directory.EnumerateFileSystemEntries(_folder).ShouldBeEmpty();
        spool.Add(new JsonObject { ["id"] = "gt-5" });
        spool.Read().Select(n => n["id"]!.GetValue<string>()).ShouldBe(["gt-0", "gt-1", "gt-2", "gt-3", "gt-4", "gt-5"]);
    }

    [Fact]
    public void Items_within_the_page_never_touch_the_disk()
    {
        using var spool = new ListDocumentWriter(inMemoryItems: 10, spoolFolder: _folder);
        spool.Add(new JsonObject { ["id"] = "gt-1" });
        spool.Read().Single()["id"]!.GetValue<string>().ShouldBe("gt-1");
        Directory.EnumerateFileSystemEntries(_folder).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(10)]
    [InlineData(0)]
    public async Task The_document_is_the_whole_result_s_written_indented_whatever_was_spooled(int inMemory)
    {
        // Over 64 KB of items, so the document goes out in several chunks; count and items in the skeleton's places.
        var items = Enumerable.Range(0, 300).Select(i => new JsonObject { ["id"] = $"gt-{i}", ["title"] = new string('x', 300) + " \u00e9\u2028<>" }).ToList();
        var skeleton = new JsonObject { ["remote"] = "alice", ["count"] = 0, ["items"] = new JsonArray(), ["unreachable"] = new JsonArray("gt://x/y") };
        var whole = skeleton.DeepClone().AsObject();
        whole["count"] = items.Count;
        whole["items"] = new JsonArray([.. items.Select(i => (JsonNode)i.DeepClone())]);
        using var expected = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(expected, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            whole.WriteTo(writer);
        }

        using var list = new ListDocumentWriter(inMemoryItems: inMemory, spoolFolder: _folder);
        foreach (var item in items)
        {
            list.Add(item);
        }

        var output = new StringWriter();
        await list.WriteAsync(output, skeleton, TestContext.Current.CancellationToken);

        output.ToString().ShouldBe(System.Text.Encoding.UTF8.GetString(expected.ToArray()) + output.NewLine);
        list.Count.ShouldBe(300);
    }

    [Fact]
    public async Task A_document_written_twice_is_the_same_and_an_item_added_after_a_write_comes_last()
    {
        var skeleton = new JsonObject { ["count"] = 0, ["items"] = new JsonArray() };
        using var list = new ListDocumentWriter(inMemoryItems: 1, spoolFolder: _folder);
        list.Add(new JsonObject { ["id"] = "gt-1" });
        list.Add(new JsonObject { ["id"] = "gt-2" });
        var first = new StringWriter();
        await list.WriteAsync(first, skeleton, TestContext.Current.CancellationToken);
        var second = new StringWriter();
        await list.WriteAsync(second, skeleton, TestContext.Current.CancellationToken);
        second.ToString().ShouldBe(first.ToString());

        list.Add(new JsonObject { ["id"] = "gt-3" });
        list.Read().Select(n => n["id"]!.GetValue<string>()).ShouldBe(["gt-1", "gt-2", "gt-3"]);
    }

    [Fact]
    public async Task Bad_arguments_and_a_disposed_writer_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ListDocumentWriter(inMemoryItems: -1));
        Should.Throw<ArgumentException>(() => new ListDocumentWriter(spoolFolder: " "));
        var list = new ListDocumentWriter(spoolFolder: _folder);
        await Should.ThrowAsync<ArgumentException>(() => list.WriteAsync(new StringWriter(), new JsonObject { ["items"] = new JsonArray() }, TestContext.Current.CancellationToken));
        list.Dispose();
        Should.Throw<ObjectDisposedException>(() => list.Add(new JsonObject()));
        await Should.ThrowAsync<ObjectDisposedException>(() => list.WriteAsync(new StringWriter(), new JsonObject { ["count"] = 0, ["items"] = new JsonArray() }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void An_item_deeper_than_a_reader_s_default_reads_back_from_the_spool()
    {
        JsonNode deep = new JsonArray();
        for (var i = 0; i < 200; i++)
        {
            deep = new JsonArray(deep);
        }

        using var list = new ListDocumentWriter(inMemoryItems: 0, spoolFolder: _folder);
        list.Add(new JsonObject { ["deep"] = deep });
        list.Read().Single()!.ToJsonString().ShouldBe(new JsonObject { ["deep"] = deep.DeepClone() }.ToJsonString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
