using CsCheck;

namespace GasTown.Federation.Model.Tests.Routes;

public sealed class RouteTablePropertyTests
{
    private static readonly Gen<string> Segment = Gen.String[Gen.Char["abcxyz"], 1, 3];

    private static readonly Gen<Route[]> Routes =
        Gen.Select(Segment.Array[1, 3], Segment)
            .Select((parts, rig) => new Route(string.Join('-', parts) + "-", rig + "/mayor/rig"))
            .Array[0, 8];

    private static readonly Gen<string> WorkIds = Gen.Select(Segment.Array[1, 4], Segment).Select((parts, rest) => string.Join('-', parts) + "-" + rest);

    [Fact]
    public void Routing_picks_the_first_route_of_the_longest_hyphen_terminated_prefix() =>
        Gen.Select(Routes, WorkIds).Sample((routes, id) =>
        {
            var table = new RouteTable(routes);
            var expected = routes
                .Where(r => id.StartsWith(r.Prefix, StringComparison.Ordinal) && r.Prefix.Length < id.Length)
                .GroupBy(r => r.Prefix.Length)
                .OrderByDescending(g => g.Key)
                .Select(g => g.First())
                .FirstOrDefault();
            var found = table.TryRoute(id, out var route);
            found.ShouldBe(expected is not null, $"{id} in {string.Join(", ", routes.Select(r => r.Prefix))}");
            if (found)
            {
                route.ShouldBeSameAs(expected);
            }
        });

    [Fact]
    public void Writing_then_reading_gives_the_same_routes() =>
        Routes.Sample(routes =>
        {
            var table = new RouteTable(routes);
            var read = RouteTable.Parse(table.ToUtf8Bytes());
            read.Routes.ShouldBe(table.Routes);
            read.ToUtf8Bytes().ShouldBe(table.ToUtf8Bytes());
        });
}
