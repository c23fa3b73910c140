using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.Model.Tests.Saving;

/// <summary>
/// A save replaces the file (write a temp file, rename it over), which over a symbolic link would replace the link and
/// leave the file it names behind, while reads go on following the link: a save over a link is refused, changing nothing.
/// </summary>
public sealed class SavingOverLinksTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-save-link");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_document_saved_over_a_link_is_refused_and_the_link_and_its_file_are_kept()
    {
        var real = _temp.Combine("elsewhere", "issues.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        await File.WriteAllTextAsync(real, "", Ct);
        var link = _temp.Combine("issues.jsonl");
        File.CreateSymbolicLink(link, real);

        var refused = await Should.ThrowAsync<IOException>(WorkUnitDocument.Create([new WorkUnit { Id = "nr-1", Title = "one", Status = WorkStatus.Open, IssueType = WorkType.Task }]).SaveAsync(link, Ct).AsTask());

        refused.Message.ShouldContain("is a symbolic link");
        refused.Message.ShouldContain("Nothing was written");
        new FileInfo(link).LinkTarget.ShouldBe(real);
        (await File.ReadAllBytesAsync(real, Ct)).ShouldBeEmpty();
        Directory.GetFiles(_temp.Path).ShouldBe([link]);
    }

    [Fact]
    public async Task Creating_work_in_a_rig_whose_issues_file_is_a_link_is_refused_and_the_linked_file_is_unchanged()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        await new TownMetadata("town", "ada@example.com", null, BeadsTimestamp.FromDateTimeOffset(clock.GetUtcNow())).SaveAsync(_temp.Path, Ct);
        await RouteTable.Empty.SaveAsync(_temp.Combine(RouteTable.RelativePath), Ct);
        var writer = new TownWriter(_temp.Path, clock);
        await writer.AddRigAsync("gastown", "gt", Ct);
        var first = await writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "first" }, "ada", Ct);

        // The rig's issues file moves elsewhere and a link takes its place; reads follow it.
        var issues = _temp.Combine("gastown", ".beads", "issues.jsonl");
        var moved = _temp.Combine("shared-issues.jsonl");
        File.Move(issues, moved);
        File.CreateSymbolicLink(issues, moved);
        var before = await File.ReadAllBytesAsync(moved, Ct);

        await Should.ThrowAsync<IOException>(writer.CreateWorkUnitAsync("gastown", new WorkUnitDraft { Title = "second" }, "ada", Ct).AsTask());

        new FileInfo(issues).LinkTarget.ShouldBe(moved);
        (await File.ReadAllBytesAsync(moved, Ct)).ShouldBe(before);
        (await WorkUnitDocument.LoadAsync(issues, Ct)).TryGet(first.WorkUnit.Id, out _).ShouldBeTrue();
    }
}
