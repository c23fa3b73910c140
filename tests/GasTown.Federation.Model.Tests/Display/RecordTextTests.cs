using System.Text;

namespace GasTown.Federation.Model.Tests.Display;

/// <summary>A result record's ToString shows what its lists hold, not their type's name, and stays one bounded line.</summary>
public sealed class RecordTextTests
{
    [Fact]
    public void A_record_prints_its_lists_items_and_counts_what_it_leaves_out()
    {
        var record = new Sample("alice", ["a", "b"], [.. Enumerable.Range(1, 25)], null);

        record.ToString().ShouldBe("Sample { Name = alice, Labels = [a, b], Numbers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (25 in all)], Missing =  }");
    }

    [Fact]
    public void The_sdk_s_records_print_their_lists()
    {
        var town = TownMetadata.CreateNew("main-town", "alice@example.com", null, TimeProvider.System);

        town.ToString().ShouldContain("UnknownFields = []");
        town.ToString().ShouldNotContain("System.Collections");
    }

    [Fact]
    public void Relationships_print_their_lists()
    {
        var source = GtUri.Parse("gt://alice@example.com/town/gastown/gt-1");
        var target = GtUri.Parse("gt://acme.com/projects/platform/pl-2");
        Relationship[] relationships =
        [
            new CrossReferenceRelationship(source, [new CrossReferenceTarget("depends_on", target)]),
            new DelegationRelationship(target, source),
            new EmploymentRelationship(EntityId.Parse("alice@example.com"), EntityId.Parse("acme.com")),
            new UnknownRelationship("mentorship", System.Text.Json.JsonDocument.Parse("""{"type":"mentorship"}""").RootElement),
        ];

        foreach (var relationship in relationships)
        {
            relationship.ToString().ShouldContain("UnknownFields = []");
            relationship.ToString().ShouldNotContain("System.Collections");
        }

        relationships[0].ToString().ShouldContain($"References = [CrossReferenceTarget {{ Type = depends_on, Target = {target} }}]");
    }

    private sealed record Sample(string Name, IReadOnlyList<string> Labels, IReadOnlyList<int> Numbers, IReadOnlyList<string>? Missing)
    {
        private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
    }
}
