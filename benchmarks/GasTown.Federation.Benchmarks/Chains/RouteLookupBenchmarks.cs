using BenchmarkDotNet.Attributes;
using GasTown.Federation.Model;

namespace GasTown.Federation.Benchmarks.Chains;

/// <summary>
/// Routing work ids to rigs: upstream's algorithm (cut at the first hyphen, scan the routes for the first equal
/// prefix) against <see cref="RouteTable.TryRoute(ReadOnlySpan{char}, out Route)"/>, which also finds hyphenated
/// prefixes (longest first) and should not allocate.
/// </summary>
[MemoryDiagnoser]
public class RouteLookupBenchmarks
{
    private static readonly string[] Ids = ["gt-abc", "bd-a3f8.1", "hq-cv-abc", "gt-wisp-050", "zz-404", "gt-gastown-crew-max", "claude-os-12", "bd-mol-xga.9"];

    private RouteTable _table = null!;
    private List<(string Prefix, string Path)> _upstreamRoutes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var routes = new[]
        {
            new Route("gt-", "gastown/mayor/rig"), new Route("bd-", "beads/mayor/rig"), new Route("hq-", "."),
            new Route("claude-os-", "claude-os/mayor/rig"), new Route("wy-", "wyvern/mayor/rig"), new Route("sp-", "sprite/mayor/rig"),
        };
        _table = new RouteTable(routes);
        _upstreamRoutes = routes.Select(r => (r.Prefix, r.Path)).ToList();
    }

    /// <summary>Upstream's ExtractPrefix + first matching route (allocates the prefix substring).</summary>
    [Benchmark(Baseline = true)]
    public int UpstreamFirstHyphen()
    {
        var found = 0;
        foreach (var id in Ids)
        {
            var hyphen = id.IndexOf('-', StringComparison.Ordinal);
            if (hyphen < 0)
            {
                continue;
            }

            var prefix = id[..(hyphen + 1)];
            foreach (var (routePrefix, _) in _upstreamRoutes)
            {
                if (routePrefix == prefix)
                {
                    found++;
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>This SDK's longest-hyphenated-prefix routing over spans.</summary>
    [Benchmark]
    public int RouteTableTryRoute()
    {
        var found = 0;
        foreach (var id in Ids)
        {
            if (_table.TryRoute(id.AsSpan(), out _))
            {
                found++;
            }
        }

        return found;
    }
}
