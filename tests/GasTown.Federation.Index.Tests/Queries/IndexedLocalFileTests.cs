using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>
/// The local town's issues files are seen by the index the moment they change: a rig's first issues file, and a rewrite
/// that keeps the file's size and write time (two writes within one tick of the file system's clock).
/// </summary>
public sealed class IndexedLocalFileTests
{
    private const string Stamp = "2025-12-30T10:00:00.123456-08:00";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Line(string id, string title)
        => $$"""{"id":"{{id}}","title":"{{title}}","status":"open","priority":1,"issue_type":"task","created_at":"{{Stamp}}","updated_at":"{{Stamp}}"}""" + "\n";

    [Fact]
    public async Task A_rig_s_first_issues_file_is_seen_by_show_and_ready_from_the_index()
    {
        using var federation = new IndexedFederation(observer: t => t.WithRig("api", "ap-", rig => rig.WithoutIssuesFile()));
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        (await town.Queries.GetReadyWorkAsync(Ct)).Ready.ShouldNotContain(u => u.Id == "ap-1");

        var path = federation.Observer.IssuesPathOf("api");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Line("ap-1", "The rig's first issue"), Ct);

        var shown = await town.Queries.ShowAsync("ap-1", Ct);
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync("ap-1", Ct));
        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        ShowAssert.Same(ready, await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct));
        ready.Ready.ShouldContain(u => u.Id == "ap-1");
        sources.Take().ShouldBe(["index", "index", "chains", "index", "chains"]);
    }

    [Fact]
    public async Task A_same_length_rewrite_within_one_clock_tick_is_seen()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var path = federation.Observer.IssuesPathOf("web");
        var original = await File.ReadAllTextAsync(path, Ct);

        // The file's write time is "now" as far as the index can tell (a write within the tick it indexes in).
        var tick = DateTime.UtcNow.AddSeconds(30);
        await File.WriteAllTextAsync(path, original + Line("wb-8", "Before"), Ct);
        File.SetLastWriteTimeUtc(path, tick);
        (await town.Queries.ShowAsync("wb-8", Ct)).WorkUnit.Title.ShouldBe("Before");

        // Same length, same write time, other content.
        await File.WriteAllTextAsync(path, original + Line("wb-8", "Afterr"), Ct);
        File.SetLastWriteTimeUtc(path, tick);

        var shown = await town.Queries.ShowAsync("wb-8", Ct);
        shown.WorkUnit.Title.ShouldBe("Afterr");
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync("wb-8", Ct));
        sources.Take().ShouldBe(["index", "index", "chains"]);
    }

    [Fact]
    public async Task An_issues_file_linked_outside_the_town_is_refused_by_the_index_as_by_a_load()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var outside = federation.Temp("outside.jsonl");
        await File.WriteAllTextAsync(outside, Line("wb-9", "Read from outside the town"), Ct);
        var path = federation.Observer.IssuesPathOf("web");
        File.Delete(path);
        File.CreateSymbolicLink(path, outside);
        await using var town = federation.OpenObserver();

        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);

        loaded.Ready.ShouldNotContain(u => u.Id == "wb-9");
        ready.Ready.ShouldNotContain(u => u.Id == "wb-9", "the index must not read a file the town links to outside itself");
        ShowAssert.Same(ready, loaded);
        ready.Unreachable.ShouldHaveSingleItem().Message.ShouldContain("outside the chain folder");
        (await town.Index.GetChainsAsync(Ct)).Single(c => c.IsLocal).IsAvailable.ShouldBeFalse();
    }

    [Fact]
    public async Task A_folder_where_an_issues_file_should_be_is_said_by_the_index_and_a_load_not_read_as_an_empty_rig()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var path = federation.Observer.IssuesPathOf("web");
        File.Delete(path);
        Directory.CreateDirectory(path);
        await using var town = federation.OpenObserver();

        var ready = await town.Queries.GetReadyWorkAsync(Ct);
        var loaded = await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct);

        ShowAssert.Same(ready, loaded);
        ready.Unreachable.ShouldHaveSingleItem().Message.ShouldContain("is a folder where a file should be");
    }

    [Fact]
    public async Task An_issues_file_linked_inside_the_town_is_indexed_again_when_the_file_it_leads_to_changes()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "touch -h sets a link's own write time");
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var path = federation.Observer.IssuesPathOf("web");
        var kept = Path.Combine(federation.Observer.Root, "kept", "web.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Move(path, kept);
        File.CreateSymbolicLink(path, kept);
        // The link's own size and time never move again (and are not recent, so the index trusts its stamp).
        using (var touch = System.Diagnostics.Process.Start("touch", ["-h", "-d", "2020-01-01", path]))
        {
            await touch.WaitForExitAsync(Ct);
            touch.ExitCode.ShouldBe(0);
        }

        await using var town = federation.OpenObserver();
        (await town.Queries.GetReadyWorkAsync(Ct)).Ready.ShouldNotContain(u => u.Id == "wb-9");

        await File.AppendAllTextAsync(kept, Line("wb-9", "Written through the link's target"), Ct);
        var ready = await town.Queries.GetReadyWorkAsync(Ct);

        ready.Ready.ShouldContain(u => u.Id == "wb-9", "the index must stamp the file the link leads to, not the link");
        ShowAssert.Same(ready, await town.Queries.WithoutIndex().GetReadyWorkAsync(Ct));
    }

    [Fact]
    public async Task An_issues_file_linked_inside_the_town_is_indexed_again_when_the_link_is_pointed_at_a_file_of_the_same_size_and_time()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        var path = federation.Observer.IssuesPathOf("web");
        var original = await File.ReadAllTextAsync(path, Ct);
        var kept = Path.Combine(federation.Observer.Root, "kept");
        Directory.CreateDirectory(kept);
        var first = Path.Combine(kept, "first.jsonl");
        var second = Path.Combine(kept, "second.jsonl");
        await File.WriteAllTextAsync(first, original + Line("wb-9", "Title A"), Ct);
        await File.WriteAllTextAsync(second, original + Line("wb-9", "Title B"), Ct);
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first, old);
        File.SetLastWriteTimeUtc(second, old);
        File.Delete(path);
        File.CreateSymbolicLink(path, first);
        await using var town = federation.OpenObserver();
        (await town.Queries.ShowAsync("wb-9", Ct)).WorkUnit.Title.ShouldBe("Title A");

        File.Delete(path);
        File.CreateSymbolicLink(path, second);
        var shown = await town.Queries.ShowAsync("wb-9", Ct);

        shown.WorkUnit.Title.ShouldBe("Title B", "the index must stamp where the link leads, not only that file's size and time");
        ShowAssert.Same(shown, await town.Queries.WithoutIndex().ShowAsync("wb-9", Ct));
    }
}
