using System.Text.Json;

namespace GasTown.Federation.Query.Tests.Federation;

public sealed class QueryJsonTests : IDisposable
{
    private readonly AcmeFederation federation = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Show_serialises_with_snake_case_keys_string_enums_and_no_nulls()
    {
        var shown = await federation.Queries().ShowAsync("proj-3", Ct);

        var json = JsonSerializer.Serialize(shown, QueryJsonContext.Default.ShowResult);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        root.GetProperty("work_unit").GetProperty("uri").GetString().ShouldBe(AcmeFederation.Acme + "/projects/proj-3");
        root.GetProperty("work_unit").GetProperty("issue_type").GetString().ShouldBe("task");
        root.GetProperty("work_unit").TryGetProperty("closed_at", out _).ShouldBeFalse();
        var dependency = root.GetProperty("dependencies")[0];
        dependency.GetProperty("target_uri").GetString().ShouldBe(AcmeFederation.Ghost + "/gh-1");
        dependency.GetProperty("unreachable").GetString().ShouldBe("NotRegistered");
        dependency.TryGetProperty("status", out _).ShouldBeFalse();
        root.GetProperty("unreachable")[0].GetProperty("referenced_from").GetString().ShouldBe(AcmeFederation.Acme + "/projects/proj-3");
    }

    [Fact]
    public async Task Every_result_round_trips_through_the_source_generated_context()
    {
        var queries = federation.Queries();
        var project = await queries.ListByProjectAsync("proj-1", includeDelegated: true, cancellationToken: Ct);
        var ready = await queries.GetReadyWorkAsync(Ct);
        var org = await queries.ListByOrganizationAsync(EntityId.Parse("acme.com"), cancellationToken: Ct);

        var projectBack = JsonSerializer.Deserialize(JsonSerializer.Serialize(project, QueryJsonContext.Default.ProjectWorkResult), QueryJsonContext.Default.ProjectWorkResult)!;
        projectBack.Items.ShouldBe(project.Items);
        projectBack.Delegations.SelectMany(d => d.Children).ShouldBe(project.Delegations.SelectMany(d => d.Children));
        JsonSerializer.Deserialize(JsonSerializer.Serialize(ready, QueryJsonContext.Default.ReadyWorkResult), QueryJsonContext.Default.ReadyWorkResult)!.Ready.ShouldBe(ready.Ready);
        JsonSerializer.Deserialize(JsonSerializer.Serialize(org, QueryJsonContext.Default.OrganizationWorkResult), QueryJsonContext.Default.OrganizationWorkResult)!.Members.ShouldBe(org.Members);
    }

    [Fact]
    public void Audit_entries_use_ts_and_the_documented_keys()
    {
        IReadOnlyList<AuditEntry> entries = [new AuditEntry(DateTimeOffset.Parse("2026-01-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "events", "sling", "gastown/crew/joe", "bead=gt-1", null)];

        JsonSerializer.Serialize(entries, QueryJsonContext.Default.IReadOnlyListAuditEntry)
            .ShouldBe("""[{"ts":"2026-01-01T08:00:00Z","source":"events","type":"sling","actor":"gastown/crew/joe","summary":"bead=gt-1"}]""");
    }

    public void Dispose() => federation.Dispose();
}
