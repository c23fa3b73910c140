using System.Text;

namespace GasTown.Federation.Model.Tests.Routes;

/// <summary>What a publisher needs from the one routes reader: each route's exact line, and whether its path is canonical.</summary>
public sealed class RouteLinesTests
{
    [Fact]
    public void Each_route_keeps_its_exact_line_and_line_number()
    {
        const string first = "{ \"path\" : \"gastown/mayor/rig\", \"prefix\":\"gt-\", \"x\":1 }";
        const string second = "{\"prefix\":\"hq-\",\"path\":\".\"}";
        var table = RouteTable.Parse(Encoding.UTF8.GetBytes($"# routes\n  {first}\t\r\n{{broken\n{second}"));

        table.Routes.Select(r => r.Prefix).ShouldBe(["gt-", "hq-"]);
        table.Lines.Select(l => Encoding.UTF8.GetString(l.Span)).ShouldBe([first, second]);
        table.LineNumbers.ShouldBe([2, 4]);

        var changed = table.With(new Route("bd-", "beads/mayor/rig")).With(new Route("hq-", "."));
        changed.Lines.Select(l => l.Length).ShouldBe([first.Length, 0, 0]);
        changed.LineNumbers.ShouldBe([2, 0, 0]);
        var without = table.Without("gt-");
        without.Lines.Select(l => Encoding.UTF8.GetString(l.Span)).ShouldBe([second]);
        without.LineNumbers.ShouldBe([4]);
        new RouteTable([new Route("gt-", "gastown")]).Lines.ShouldHaveSingleItem().IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData(".", true)]
    [InlineData("gastown", true)]
    [InlineData("gastown/mayor/rig", true)]
    [InlineData("./", false)]
    [InlineData("./secret", false)]
    [InlineData("secret/", false)]
    [InlineData("a//b", false)]
    [InlineData("a/./b", false)]
    public void A_path_is_canonical_only_in_its_one_spelling(string path, bool canonical)
        => new Route("gt-", path).IsCanonicalPath.ShouldBe(canonical);
}
