using System.Text;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Model.Tests.Routes;

public sealed class RouteTableTests
{
    private static readonly RouteTable Table = RouteTable.Parse(Encoding.UTF8.GetBytes(
        """
        {"prefix":"gt-","path":"gastown/mayor/rig"}
        {"prefix":"bd-","path":"beads/mayor/rig"}
        {"prefix":"hq-","path":"."}
        {"prefix":"claude-os-","path":"claude-os/mayor/rig"}
        {"prefix":"gt-wisp-","path":"wisps/mayor/rig"}

        """));

    [Theory]
    [InlineData("gt-abc", "gt-", "gastown")]                 // upstream's first-hyphen rule
    [InlineData("gt-6r18e.1.1", "gt-", "gastown")]           // dotted children route by their root's prefix
    [InlineData("gt-gastown-crew-max", "gt-", "gastown")]    // named agent beads: no gt-gastown- route, falls back to gt-
    [InlineData("bd-a3f8", "bd-", "beads")]
    [InlineData("hq-cv-abc", "hq-", ".")]                    // town level; upstream cuts hq-cv-abc at the first hyphen too
    [InlineData("claude-os-12", "claude-os-", "claude-os")]  // beads GH#5048: upstream can never match this route
    [InlineData("gt-wisp-050", "gt-wisp-", "wisps")]         // longest hyphenated prefix wins over gt-
    public void Routes_a_work_id_by_its_longest_routed_prefix(string workId, string prefix, string rig)
    {
        Table.TryRoute(workId, out var route).ShouldBeTrue();
        route.Prefix.ShouldBe(prefix);
        route.RigName.ShouldBe(rig);
        Table.TryRoute(workId.AsSpan(), out var spanRoute).ShouldBeTrue();
        spanRoute.ShouldBeSameAs(route);
    }

    [Theory]
    [InlineData("zz-1")]
    [InlineData("nohyphen")]
    [InlineData("-abc")]
    [InlineData("")]
    [InlineData("claude-12")]   // claude- is not routed; claude-os- does not match claude-12
    public void Does_not_route_an_id_without_a_routed_prefix(string workId)
        => Table.TryRoute(workId, out _).ShouldBeFalse();

    [Fact]
    public void With_only_simple_prefixes_routing_equals_upstreams_first_hyphen_rule()
    {
        var simple = new RouteTable([new Route("gt-", "gastown/mayor/rig"), new Route("hq-", ".")]);
        foreach (var id in new[] { "gt-wisp-050", "gt-eph-252", "gt-mol-07k", "hq-dog-alpha", "gt-a" })
        {
            var upstreamPrefix = id[..(id.IndexOf('-') + 1)];
            simple.TryRoute(id, out var route).ShouldBeTrue(id);
            route.Prefix.ShouldBe(upstreamPrefix);
        }
    }

    [Fact]
    public void Town_level_route_has_the_dot_rig_and_the_town_beads_file()
    {
        Table.TryRoute("hq-1", out var route).ShouldBeTrue();
        route.IsTownLevel.ShouldBeTrue();
        route.RigName.ShouldBe(Route.TownLevelRigName);
        route.IssuesFilePath.ShouldBe(".beads/issues.jsonl");
    }

    [Theory]
    [InlineData("gastown/mayor/rig", "gastown", "gastown/mayor/rig/.beads/issues.jsonl")]
    [InlineData("./beads//mayor/rig/", "beads", "beads/mayor/rig/.beads/issues.jsonl")]
    [InlineData("solo", "solo", "solo/.beads/issues.jsonl")]
    [InlineData("./", ".", ".beads/issues.jsonl")]
    public void Rig_name_is_the_first_path_component(string path, string rig, string issuesFile)
    {
        var route = new Route("x-", path);
        route.RigName.ShouldBe(rig);
        route.IssuesFilePath.ShouldBe(issuesFile);
        route.Path.ShouldBe(path);
    }

    [Fact]
    public void Reads_leniently_and_reports_every_skipped_line_with_its_number()
    {
        var content = "\n"                                                  // 1 blank
                      + "# comment line\n"                                  // 2 comment
                      + "{\"prefix\": \"gt-\", \"path\": \"gastown/mayor/rig\"}\r\n" // 3 spaced JSON + CRLF, as upstream's test fixtures
                      + "{not json\n"                                       // 4 malformed
                      + "{\"prefix\":\"\",\"path\":\"x\"}\n"                // 5 empty prefix
                      + "{\"prefix\":\"bd-\"}\n"                            // 6 missing path
                      + "[1,2]\n"                                           // 7 not an object
                      + "{\"prefix\":\"gt-\",\"path\":\"other/mayor/rig\"}\n" // 8 duplicate prefix: kept, first wins
                      + "   {\"prefix\":\"hq\",\"path\":\".\",\"extra\":{\"a\":1}}  \n" // 9 prefix without hyphen, unknown key
                      + "{\"prefix\":5,\"path\":\"x\"}\n"                   // 10 prefix not a string
                      + "{\"prefix\":\"a-\",\"path\":\"a\"} trailing\n";    // 11 trailing garbage
        var table = RouteTable.Parse(Encoding.UTF8.GetBytes(content));

        table.Routes.Select(r => (r.Prefix, r.Path)).ShouldBe([("gt-", "gastown/mayor/rig"), ("gt-", "other/mayor/rig"), ("hq", ".")]);
        table.Diagnostics.Select(d => (d.LineNumber, d.Severity)).ShouldBe(
        [
            (4, ChainDiagnosticSeverity.Error),
            (5, ChainDiagnosticSeverity.Error),
            (6, ChainDiagnosticSeverity.Error),
            (7, ChainDiagnosticSeverity.Error),
            (8, ChainDiagnosticSeverity.Warning),
            (9, ChainDiagnosticSeverity.Warning),
            (10, ChainDiagnosticSeverity.Error),
            (11, ChainDiagnosticSeverity.Error),
        ]);
        table.Diagnostics.Single(d => d.LineNumber == 6).Message.ShouldContain("\"path\"");
        table.Diagnostics.Single(d => d.LineNumber == 9).Message.ShouldContain("hq-");
        table.TryRoute("gt-abc", out var first).ShouldBeTrue();
        first.Path.ShouldBe("gastown/mayor/rig");
        table.TryRoute("hq-abc", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("../outside", "'..'")]
    [InlineData("gastown/../../etc", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:/Windows", "drive letter")]
    [InlineData("gastown\\mayor\\rig", "backslash")]
    [InlineData("gastown\0/rig", "NUL")]
    public void A_route_path_leaving_the_town_is_refused(string path, string reasonFragment)
    {
        var exception = Should.Throw<ChainPathException>(() => new Route("gt-", path));
        exception.Path.ShouldBe(path);
        exception.Reason.ShouldContain(reasonFragment);

        var line = "{\"prefix\":\"gt-\",\"path\":" + System.Text.Json.JsonSerializer.Serialize(path, RouteTestJson.Default.String) + "}\n";
        var table = RouteTable.Parse(Encoding.UTF8.GetBytes("{\"prefix\":\"bd-\",\"path\":\"beads\"}\n" + line));
        table.Routes.Count.ShouldBe(1);
        var diagnostic = table.Diagnostics.ShouldHaveSingleItem();
        diagnostic.LineNumber.ShouldBe(2);
        diagnostic.IsPathEscape.ShouldBeTrue();
        diagnostic.RefusedPath.ShouldBe(path);
    }

    [Fact]
    public void A_routes_control_characters_are_shown_by_code_point_in_its_diagnostic()
    {
        var table = RouteTable.Parse(Encoding.UTF8.GetBytes(
            "{\"prefix\":\"gt-\",\"path\":\"a\"}\n{\"prefix\":\"gt-\",\"path\":\"b\\u001b[2J\\u202e\"}\n"));

        table.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("→ 'b<U+001B>[2J<U+202E>' refused");
    }

    [Fact]
    public void Writes_upstreams_format_with_go_escaping()
    {
        var table = new RouteTable([new Route("gt-", "gastown/mayor/rig"), new Route("hq-", "."), new Route("x-", "a<b>&c/ü")]);
        Encoding.UTF8.GetString(table.ToUtf8Bytes()).ShouldBe(
            "{\"prefix\":\"gt-\",\"path\":\"gastown/mayor/rig\"}\n"
            + "{\"prefix\":\"hq-\",\"path\":\".\"}\n"
            + "{\"prefix\":\"x-\",\"path\":\"a\\u003cb\\u003e\\u0026c/ü\"}\n");
    }

    [Fact]
    public void With_upserts_by_prefix_in_place_and_without_removes()
    {
        var table = new RouteTable([new Route("gt-", "gastown/mayor/rig"), new Route("bd-", "beads/mayor/rig")]);
        var changed = table.With(new Route("gt-", "gastown2/mayor/rig")).With(new Route("hq-", "."));
        changed.Routes.Select(r => r.ToString()).ShouldBe(["gt- → gastown2/mayor/rig", "bd- → beads/mayor/rig", "hq- → ."]);
        changed.Without("bd-").Routes.Select(r => r.Prefix).ShouldBe(["gt-", "hq-"]);
        table.Routes.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("bd-")]
    [InlineData("bd")]
    [InlineData("beads")]
    public void Finds_a_rig_the_forgiving_way_upstreams_rig_flag_does(string rigOrPrefix)
    {
        Table.TryFindRig(rigOrPrefix, out var route).ShouldBeTrue();
        route.Prefix.ShouldBe("bd-");
    }

    [Fact]
    public async Task Saves_atomically_and_reads_back_the_same_routes()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("town", ".beads", "routes.jsonl");
        var ct = TestContext.Current.CancellationToken;

        (await RouteTable.LoadAsync(path, ct)).ShouldBeSameAs(RouteTable.Empty);
        await Table.SaveAsync(path, ct);
        var read = await RouteTable.LoadAsync(path, ct);

        read.Routes.ShouldBe(Table.Routes);
        read.Diagnostics.ShouldBeEmpty();
        (await File.ReadAllBytesAsync(path, ct)).ShouldBe(Table.ToUtf8Bytes());
        Directory.GetFiles(temp.Combine("town", ".beads")).ShouldBe([path]);
    }
}
