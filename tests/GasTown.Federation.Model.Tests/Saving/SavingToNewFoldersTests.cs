using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Saving;

/// <summary>
/// Every save goes through one atomic-replace helper, which creates the missing parent folders:
/// a user creating a new rig or town saves into folders that do not exist yet.
/// </summary>
public sealed class SavingToNewFoldersTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtfed-save");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_work_unit_document_saves_into_a_new_rig_s_beads_folder()
    {
        var path = _temp.Combine("new-town", "newrig", "mayor", "rig", ".beads", "issues.jsonl");
        var document = WorkUnitDocument.Create([Unit("nr-1")]);

        await document.SaveAsync(path, Ct);

        (await File.ReadAllBytesAsync(path, Ct)).ShouldBe(document.ToUtf8Bytes());
        (await WorkUnitDocument.LoadAsync(path, Ct)).TryGet("nr-1", out _).ShouldBeTrue();
        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBe([path]);
    }

    [Fact]
    public async Task A_route_table_saves_into_a_new_town_s_beads_folder()
    {
        var path = _temp.Combine("new-town", ".beads", "routes.jsonl");
        var table = RouteTable.Parse(Encoding.UTF8.GetBytes("{\"prefix\":\"nr-\",\"path\":\"newrig/mayor/rig\"}\n"));

        await table.SaveAsync(path, Ct);

        (await RouteTable.LoadAsync(path, Ct)).Routes.ShouldBe(table.Routes);
    }

    [Fact]
    public async Task A_relationship_document_saves_and_appends_into_a_new_federation_folder()
    {
        var employment = new EmploymentRelationship(EntityId.Parse("alice@example.com"), EntityId.Parse("acme.com"));
        var saved = _temp.Combine("saved-town", "federation", "relationships.jsonl");
        var appended = _temp.Combine("appended-town", "federation", "relationships.jsonl");

        await RelationshipDocument.Empty.Append([employment]).SaveAsync(saved, Ct);
        await RelationshipDocument.AppendAsync(appended, [employment], Ct);

        var read = (await RelationshipDocument.LoadAsync(saved, Ct)).Relationships.ShouldHaveSingleItem().ShouldBeOfType<EmploymentRelationship>();
        (read.Entity, read.Organization).ShouldBe((employment.Entity, employment.Organization));
        (await File.ReadAllBytesAsync(appended, Ct)).ShouldBe(await File.ReadAllBytesAsync(saved, Ct));
    }

    [Fact]
    public async Task Town_metadata_saves_into_a_town_root_that_does_not_exist_yet()
    {
        var townRoot = _temp.Combine("towns", "brand-new");
        var metadata = new TownMetadata("brand-new", "o@example.com", "New", BeadsTimestamp.Parse("2025-12-30T10:00:00-08:00"));

        await metadata.SaveAsync(townRoot, Ct);

        File.Exists(Path.Combine(townRoot, "mayor", "town.json")).ShouldBeTrue();
        (await TownMetadata.LoadAsync(townRoot, Ct)).Name.ShouldBe("brand-new");
    }

    [Fact]
    public async Task A_replaced_file_keeps_its_mode_and_a_new_issues_file_is_private()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var routes = _temp.Combine("town", ".beads", "routes.jsonl");
        var issues = _temp.Combine("town", "rig", ".beads", "issues.jsonl");
        await RouteTable.Empty.SaveAsync(routes, Ct);
        const UnixFileMode chosen = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(routes, chosen);

        await RouteTable.Parse(Encoding.UTF8.GetBytes("{\"prefix\":\"gt-\",\"path\":\"rig\"}\n")).SaveAsync(routes, Ct);
        await WorkUnitDocument.Create([Unit("gt-1")]).SaveAsync(issues, Ct);

        File.GetUnixFileMode(routes).ShouldBe(chosen);
        File.GetUnixFileMode(issues).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static WorkUnit Unit(string id) => new()
    {
        Id = id,
        Title = "First work in a new rig",
        Status = WorkStatus.Open,
        Priority = 2,
        IssueType = WorkType.Task,
        CreatedAt = BeadsTimestamp.Parse("2025-12-30T10:00:00-08:00"),
        UpdatedAt = BeadsTimestamp.Parse("2025-12-30T10:00:00-08:00"),
    };
}
