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

    private sealed record Sample(string Name, IReadOnlyList<string> Labels, IReadOnlyList<int> Numbers, IReadOnlyList<string>? Missing)
    {
        private bool PrintMembers(StringBuilder builder) => RecordText.PrintMembers(this, builder);
    }
}
