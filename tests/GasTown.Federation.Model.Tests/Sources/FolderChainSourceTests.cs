using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Sources;

public sealed class FolderChainSourceTests
{
    [Fact]
    public async Task Reads_files_by_relative_path_and_returns_null_for_missing_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("t").WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "one")).Build();
        var source = new FolderChainSource(town.Root);

        var file = (await source.ReadFileAsync("gastown/mayor/rig/.beads/issues.jsonl", ct)).ShouldNotBeNull();
        file.Path.ShouldBe("gastown/mayor/rig/.beads/issues.jsonl");
        file.ContentId.ShouldBeNull();
        Encoding.UTF8.GetString(file.Content.Span).ShouldStartWith("{\"id\":\"gt-1\"");
        (await source.ReadFileAsync("./gastown//mayor/rig/.beads/issues.jsonl", ct)).ShouldNotBeNull();
        (await source.ReadFileAsync("gastown/missing.json", ct)).ShouldBeNull();
        (await source.ReadFileAsync("nowhere/at/all.json", ct)).ShouldBeNull();
        // A folder where a file should be is damaged data to say, not an absent file (a rig's would read as one with no work).
        (await Should.ThrowAsync<ChainPathException>(async () => await source.ReadFileAsync("gastown", ct))).Reason.ShouldBe("'gastown' is a folder where a file should be");
        source.Revision.ShouldBeNull();
        source.Description.ShouldBe($"folder {Path.GetFullPath(town.Root)}");
    }

    [Fact]
    public async Task A_cancelled_read_or_load_stops_with_operation_cancelled()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("t").OwnedBy("a@example.com").Build();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () => await new FolderChainSource(town.Root).ReadFileAsync("mayor/town.json", cancelled.Token));
        await Should.ThrowAsync<OperationCanceledException>(async () => await new ChainLoader().LoadAsync(new FolderChainSource(town.Root), null, cancelled.Token));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("mayor/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("mayor\\town.json")]
    [InlineData("mayor/town.json\0")]
    public async Task Refuses_paths_that_leave_the_folder(string path)
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("town", "mayor"));
        await File.WriteAllTextAsync(temp.Combine("outside.txt"), "secret", TestContext.Current.CancellationToken);
        var source = new FolderChainSource(temp.Combine("town"));

        var exception = await Should.ThrowAsync<ChainPathException>(async () => await source.ReadFileAsync(path, TestContext.Current.CancellationToken));
        exception.Path.ShouldBe(path);
    }

    [Fact]
    public async Task Refuses_a_symbolic_link_to_a_file_outside_the_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.Combine("secret.txt"), "secret", ct);
        Directory.CreateDirectory(temp.Combine("town", ".beads"));
        File.CreateSymbolicLink(temp.Combine("town", ".beads", "issues.jsonl"), temp.Combine("secret.txt"));
        var source = new FolderChainSource(temp.Combine("town"));

        var exception = await Should.ThrowAsync<ChainPathException>(async () => await source.ReadFileAsync(".beads/issues.jsonl", ct));
        exception.Reason.ShouldContain("symbolic link");
        exception.Message.ShouldNotContain("secret\"");
    }

    [Fact]
    public async Task Dot_dot_after_a_linked_folder_is_resolved_as_the_kernel_does_not_as_text()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("elsewhere", "x", "y"));
        await File.WriteAllTextAsync(temp.Combine("elsewhere", "x", "inside.jsonl"), "OUTSIDE", ct);
        Directory.CreateDirectory(temp.Combine("town"));
        await File.WriteAllTextAsync(temp.Combine("town", "inside.jsonl"), "INSIDE", ct);
        Directory.CreateSymbolicLink(temp.Combine("town", "d"), temp.Combine("elsewhere", "x", "y"));
        // As text, d/../inside.jsonl is town/inside.jsonl; the kernel follows d first and lands in elsewhere/x.
        File.CreateSymbolicLink(temp.Combine("town", "f"), "d/../inside.jsonl");
        var source = new FolderChainSource(temp.Combine("town"));

        var exception = await Should.ThrowAsync<ChainPathException>(async () => await source.ReadFileAsync("f", ct));
        exception.Reason.ShouldContain("outside the chain folder");
    }

    [Fact]
    public async Task Refuses_a_relative_symbolic_link_to_a_folder_outside()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("elsewhere", ".beads"));
        await File.WriteAllTextAsync(temp.Combine("elsewhere", ".beads", "issues.jsonl"), "{}", ct);
        Directory.CreateDirectory(temp.Combine("town", "gastown", "mayor"));
        Directory.CreateSymbolicLink(temp.Combine("town", "gastown", "mayor", "rig"), "../../../elsewhere");
        var source = new FolderChainSource(temp.Combine("town"));

        await Should.ThrowAsync<ChainPathException>(async () => await source.ReadFileAsync("gastown/mayor/rig/.beads/issues.jsonl", ct));
    }

    [Fact]
    public async Task Follows_links_that_stay_inside_like_upstreams_rig_beads_link()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "one")).Build();

        // gt lays out <rig>/.beads → mayor/rig/.beads.
        Directory.CreateSymbolicLink(Path.Combine(town.Root, "gastown", ".beads"), "mayor/rig/.beads");
        var source = new FolderChainSource(town.Root);

        (await source.ReadFileAsync("gastown/.beads/issues.jsonl", ct)).ShouldNotBeNull().Content.Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Works_when_the_root_itself_is_reached_through_a_link()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Combine("real")).Named("t").Build();
        Directory.CreateSymbolicLink(temp.Combine("linked"), town.Root);

        (await new FolderChainSource(temp.Combine("linked")).ReadFileAsync("mayor/town.json", ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_dangling_link_is_a_missing_file_and_a_link_loop_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("town"));
        File.CreateSymbolicLink(temp.Combine("town", "dangling"), temp.Combine("town", "nothing-here"));
        File.CreateSymbolicLink(temp.Combine("town", "loop-a"), temp.Combine("town", "loop-b"));
        File.CreateSymbolicLink(temp.Combine("town", "loop-b"), temp.Combine("town", "loop-a"));
        var source = new FolderChainSource(temp.Combine("town"));

        (await source.ReadFileAsync("dangling", ct)).ShouldBeNull();
        await Should.ThrowAsync<ChainPathException>(async () => await source.ReadFileAsync("loop-a", ct));
    }
}
