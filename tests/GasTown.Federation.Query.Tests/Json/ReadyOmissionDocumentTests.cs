using System.Text.Json.Nodes;

namespace GasTown.Federation.Query.Tests.Json;

/// <summary>
/// A ready answer's unreachable items past a chain's bound are counted, not listed: the documents carry the count per
/// referring chain as <c>unreachable_omitted</c>, right after the kept <c>unreachable</c> list, and only when something
/// was left out (every other ready document keeps its shape).
/// </summary>
public sealed class ReadyOmissionDocumentTests
{
    private static readonly GtUri Evil = GtUri.Parse("gt://evil@example.com/deps");

    private static UnreachableItem Item(int n) =>
        new($"{Evil}/web/ev-ghost{n}", UnreachableReason.UnknownId, "no such unit", GtUri.Parse($"{Evil}/web/ev-1"));

    [Fact]
    public void The_ready_list_and_page_say_how_many_items_each_chain_left_out_beside_the_kept_ones()
    {
        var omitted = new[] { new UnreachableOmission(Evil, 629_900) };
        var whole = new ReadyWorkResult([], [], [Item(1), Item(2)], [], []) { OmittedUnreachable = omitted };
        var page = new ReadyWorkPage([], [Item(1)], [], [], null) { OmittedUnreachable = omitted };

        foreach (var document in new[] { QueryDocuments.ReadyList(whole), QueryDocuments.ReadyPage(page) })
        {
            var keys = document.Select(p => p.Key).ToList();
            keys.IndexOf("unreachable_omitted").ShouldBe(keys.IndexOf("unreachable") + 1);
            var entry = document["unreachable_omitted"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
            entry["chain"]!.GetValue<string>().ShouldBe("gt://evil@example.com/deps");
            entry["count"]!.GetValue<int>().ShouldBe(629_900);
        }

        QueryDocuments.ReadyList(whole with { OmittedUnreachable = [] }).ContainsKey("unreachable_omitted").ShouldBeFalse();
        QueryDocuments.ReadyPage(page with { OmittedUnreachable = [] }).ContainsKey("unreachable_omitted").ShouldBeFalse();
    }
}
