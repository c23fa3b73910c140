using BenchmarkDotNet.Attributes;
using GasTown.Federation;

namespace GasTown.Federation.Benchmarks.Uri;

/// <summary>
/// Short-form resolution (parse the reference, resolve it in a town). The baseline is the least any resolver must
/// do: build the URI string by interpolation. No DESIGN target; recorded for orientation.
/// </summary>
[MemoryDiagnoser]
public class WorkReferenceBenchmarks
{
    private static readonly EntityId Entity = EntityId.Parse("steve@example.com");

    private static readonly WorkReferenceContext Context = new(Entity, "main-town", "gastown", RouteByPrefix);

    private static readonly WorkReference Parsed = WorkReference.Parse("gt-xyz");

    [Benchmark(Baseline = true)]
    public string Interpolate() => $"gt://{Entity.Value}/main-town/{RouteByPrefix("gt-xyz")}/gt-xyz";

    [Benchmark]
    public GtUri ParseAndResolvePrefixed() => WorkReference.Parse("gt-xyz").Resolve(Context);

    [Benchmark]
    public GtUri ResolvePrefixed() => Parsed.Resolve(Context);

    [Benchmark]
    public GtUri ParseAndResolveRigQualified() => WorkReference.Parse("gastown/gt-xyz").Resolve(Context);

    [Benchmark]
    public GtUri ParseAndResolveExternal() => WorkReference.Parse("external:beads:bd-3roq").Resolve(Context);

    [Benchmark]
    public GtUri ParseAndResolveAbsolute() => WorkReference.Parse("gt://steve@example.com/main-town/gastown/gt-xyz").Resolve(Context);

    private static string? RouteByPrefix(string id) => id.StartsWith("gt-", StringComparison.Ordinal) ? "gastown" : null;
}
