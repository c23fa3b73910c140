using System.Text;
using System.Text.Json;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Query.Tests.Federation;

/// <summary>Issue 10, "results are strings": results hold the typed work unit, its upstream line, and one timestamp shape in JSON.</summary>
public sealed class TypedResultTests : IDisposable
{
    private const string Chain = "gt://dora@example.com/town";

    // Written by a non-Go tool: spaces after separators, a -07:00 offset with nanoseconds.
    private const string UpstreamLine =
        """{"id": "wk-1", "title": "Spaced out", "status": "in_progress", "priority": 1, "issue_type": "bug", "created_at": "2025-12-14T10:40:20.645402352-07:00", "updated_at": "2025-12-14T10:40:20.645402352-07:00", "dependencies": [{"issue_id": "wk-1", "depends_on_id": "wk-2", "type": "blocks", "created_at": "2025-12-14T10:40:21-07:00", "created_by": "dora"}]}""";

    private readonly TempDirectory temp = new("gtfed-typed");
    private readonly FederationQueries queries;

    public TypedResultTests()
    {
        var town = TownBuilder.At(temp.Path).Named("town").OwnedBy("dora@example.com")
            .WithRig("work", "wk-", r => r.WithIssueLine(UpstreamLine).WithIssue("wk-2", "Target"))
            .Build();
        var uri = GtUri.Parse(Chain);
        queries = new FederationQueries(new FolderChainProvider(new ChainLoader(), uri).Add(uri, town.Root));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_shown_work_unit_is_the_typed_work_unit_with_its_exact_upstream_line()
    {
        var shown = await queries.ShowAsync("wk-1", Ct);

        var unit = shown.WorkUnit;
        unit.Uri.ShouldBe(GtUri.Parse(Chain + "/work/wk-1"));
        unit.Chain.ShouldBe(GtUri.Parse(Chain));
        unit.Status.ShouldBe(WorkStatus.InProgress);
        unit.IssueType.ShouldBe(new WorkType("bug"));
        unit.CreatedAt.ShouldBe(BeadsTimestamp.Parse("2025-12-14T17:40:20.645402352Z"));
        unit.CreatedAt.Text.ShouldBe("2025-12-14T10:40:20.645402352-07:00");
        unit.WorkUnit.Dependencies.Single().DependsOnId.ShouldBe("wk-2");
        unit.HasUpstreamLine.ShouldBeTrue();
        Encoding.UTF8.GetString(unit.UpstreamLine.Span).ShouldBe(UpstreamLine);
        shown.Dependencies.Single().Type.ShouldBe(DependencyType.Blocks);
        shown.Dependencies.Single().Status.ShouldBe(WorkStatus.Open);
    }

    [Fact]
    public async Task Json_of_a_work_unit_is_its_beads_object_with_its_address_and_utc_timestamps()
    {
        var shown = await queries.ShowAsync("wk-1", Ct);

        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(shown, QueryJsonContext.Default.ShowResult));
        var unit = doc.RootElement.GetProperty("work_unit");
        unit.GetProperty("uri").GetString().ShouldBe(Chain + "/work/wk-1");
        unit.GetProperty("chain").GetString().ShouldBe(Chain);
        unit.GetProperty("rig").GetString().ShouldBe("work");
        unit.GetProperty("status").GetString().ShouldBe("in_progress");
        unit.GetProperty("created_at").GetString().ShouldBe("2025-12-14T17:40:20.645402352Z");
        unit.GetProperty("dependencies")[0].GetProperty("created_at").GetString().ShouldBe("2025-12-14T17:40:21Z");
        doc.RootElement.GetProperty("dependencies")[0].GetProperty("type").GetString().ShouldBe("blocks");
        doc.RootElement.GetProperty("chains")[0].GetProperty("trust").GetString().ShouldBe("Verified");

        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(shown.WorkUnit, QueryJsonContext.Default.WorkUnitSummary), QueryJsonContext.Default.WorkUnitSummary)!;
        back.Uri.ShouldBe(shown.WorkUnit.Uri);
        back.CreatedAt.ShouldBe(shown.WorkUnit.CreatedAt);
        back.Title.ShouldBe("Spaced out");
    }

    [Fact]
    public void Every_instant_in_result_json_is_utc_with_z_at_the_exporters_precision()
    {
        var at = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_500);
        IReadOnlyList<AuditEntry> entries = [new AuditEntry(at, "events", "sling", "gastown/crew/joe", "", null)];

        JsonSerializer.Serialize(entries, QueryJsonContext.Default.IReadOnlyListAuditEntry)
            .ShouldBe("""[{"ts":"2026-01-01T06:00:00.12345Z","source":"events","type":"sling","actor":"gastown/crew/joe","summary":""}]""");
    }

    public void Dispose() => temp.Dispose();
}
