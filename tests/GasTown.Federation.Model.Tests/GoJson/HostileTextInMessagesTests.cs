using System.Text;

namespace GasTown.Federation.Model.Tests.GoJson;

/// <summary>Text quoted from other people's files never carries control characters into a message (issue 11, terminal injection).</summary>
public sealed class HostileTextInMessagesTests
{
    // What a hostile remote writes to retitle a terminal, clear it and forge a line.
    private const string Injection = "\\u001b]0;owned\\u0007\\u001b[2J\\r\\nfetched 0 refs";

    [Fact]
    public void Route_diagnostics_and_the_loader_s_refusal_are_printable()
    {
        var table = RouteTable.Parse(Encoding.UTF8.GetBytes(
            $"{{\"prefix\":\"gt{Injection}\",\"path\":\"x{Injection}\"}}\n{{\"prefix\":\"bd{Injection}\",\"path\":\"beads\"}}\n"));

        table.Diagnostics.Count.ShouldBe(2);
        table.Diagnostics.ShouldAllBe(d => !d.Message.Any(char.IsControl));
        table.Diagnostics[0].RefusedPath.ShouldNotBeNull().ShouldContain('\u001b');
        new ChainPathException(table.Diagnostics[0].RefusedPath!, table.Diagnostics[0].Message).Message.Any(char.IsControl).ShouldBeFalse();
    }

    [Fact]
    public void Town_json_and_relationship_problems_are_printable()
    {
        TownMetadata.TryParse(Encoding.UTF8.GetBytes($"{{\"type\":\"{Injection}\",\"name\":\"t\"}}"), out _, out var problem).ShouldBeFalse();
        problem.Any(char.IsControl).ShouldBeFalse();

        var document = RelationshipDocument.Parse(Encoding.UTF8.GetBytes(
            $"{{\"type\":\"delegation\",\"parent\":\"gt://a.com/c/x-1\",\"child\":\"gt://a.com/c/x-2\",\"created_at\":\"{Injection}\"}}\n"));
        document.Diagnostics.ShouldHaveSingleItem().Message.Any(char.IsControl).ShouldBeFalse();
    }
}
