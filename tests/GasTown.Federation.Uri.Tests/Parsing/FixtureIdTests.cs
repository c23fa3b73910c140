using System.Text.Json;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Uri.Tests.Parsing;

public sealed class FixtureIdTests
{
    private static readonly EntityId Owner = EntityId.Parse("steve@example.com");

    /// <summary>Every "id" (issues and their dependencies) of upstream's real beads-sync export, read with Utf8JsonReader.</summary>
    private static (List<string> Ids, List<string> DependsOn) ReadIds()
    {
        var ids = new List<string>();
        var dependsOn = new List<string>();
        foreach (var line in File.ReadLines(Fixtures.BeadsSyncIssues))
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(line));
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var isTopLevelId = reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8);
                var isDependsOn = reader.ValueTextEquals("depends_on_id"u8);
                if (isTopLevelId || isDependsOn)
                {
                    reader.Read();
                    (isTopLevelId ? ids : dependsOn).Add(reader.GetString()!);
                }
            }
        }

        return (ids, dependsOn);
    }

    [Fact]
    public void Every_issue_id_in_the_fixture_forms_a_work_unit_uri_that_round_trips()
    {
        var (ids, _) = ReadIds();
        ids.Count.ShouldBe(873);
        ids.ShouldContain(id => id.Contains('.'));
        ids.ShouldContain(id => id.Contains("-mol-", StringComparison.Ordinal));

        foreach (var id in ids)
        {
            foreach (var rig in new[] { null, "beads" })
            {
                var built = GtUri.ForWorkUnit(Owner, "main-town", rig, id);
                var text = built.ToString();
                text.ShouldBe(rig is null ? $"gt://steve@example.com/main-town/{id}" : $"gt://steve@example.com/main-town/beads/{id}");

                GtUri.TryParse(text, out var parsed, out var error).ShouldBeTrue($"{id}: {error.Message}");
                parsed.ShouldBe(built);
                parsed.Kind.ShouldBe(GtUriKind.WorkUnit);
                parsed.WorkId.ShouldBe(id);
                parsed.Rig.ShouldBe(rig);
                parsed.Chain.ShouldBe("main-town");
                GtUri.Parse(System.Text.Encoding.UTF8.GetBytes(text)).ShouldBe(built);

                WorkReference.Parse(id).Resolve(new WorkReferenceContext(Owner, "main-town", rigForWorkId: _ => rig)).ShouldBe(built);
            }
        }
    }

    [Fact]
    public void Every_dependency_target_in_the_fixture_is_a_valid_reference()
    {
        var (_, dependsOn) = ReadIds();
        dependsOn.Count.ShouldBeGreaterThan(400);
        foreach (var target in dependsOn)
        {
            WorkReference.TryParse(target, out var reference).ShouldBeTrue(target);
            reference.Kind.ShouldBe(WorkReferenceKind.Prefixed);
            reference.WorkId.ShouldBe(target);
        }
    }
}
