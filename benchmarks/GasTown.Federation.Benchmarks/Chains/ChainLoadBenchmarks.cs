using BenchmarkDotNet.Attributes;
using GasTown.Federation.Model;

namespace GasTown.Federation.Benchmarks.Chains;

/// <summary>
/// Loading a fetched chain (a git snapshot) cold, warm at a new commit with the same blobs, and warm at the same
/// commit; and a warm <c>show</c> (load + find one work unit), whose target is ≤ 10 µs (DESIGN §10).
/// </summary>
[MemoryDiagnoser]
public class ChainLoadBenchmarks
{
    private Dictionary<string, byte[]> _files = null!;
    private BenchmarkChainSource _snapshot = null!;
    private ChainLoader _warmLoader = null!;
    private int _revision;

    [GlobalSetup]
    public void Setup()
    {
        _files = ChainBenchmarkData.TownFiles();
        _snapshot = new BenchmarkChainSource(_files, "1111111111111111111111111111111111111111");
        // Large enough that nothing is evicted during a run, although every new commit adds a chain entry.
        _warmLoader = new ChainLoader(new ParsedBlobCache(10_000_000));
        _warmLoader.LoadAsync(_snapshot).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Everything parsed: town.json, routes, three issues files (the real 862 KB one included), relationships.</summary>
    [Benchmark(Baseline = true)]
    public Chain ColdLoad() => new ChainLoader(new ParsedBlobCache()).LoadAsync(_snapshot).AsTask().GetAwaiter().GetResult();

    /// <summary>For scale: only the codec parsing the real 862 KB issues file, the bulk of a cold load.</summary>
    [Benchmark]
    public WorkUnitDocument ParseFixtureIssuesOnly() => WorkUnitDocument.Parse(_files["beads/mayor/rig/.beads/issues.jsonl"]);

    /// <summary>A new commit whose blobs were all parsed before: files read, nothing parsed, the chain indexed again.</summary>
    [Benchmark]
    public Chain WarmLoadNewCommitSameBlobs()
    {
        var next = _snapshot.AtRevision((++_revision).ToString("x40", System.Globalization.CultureInfo.InvariantCulture));
        return _warmLoader.LoadAsync(next).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The same commit again: one cache lookup.</summary>
    [Benchmark]
    public Chain WarmLoadSameCommit() => _warmLoader.LoadAsync(_snapshot).AsTask().GetAwaiter().GetResult();

    /// <summary>The warm show path: load the fetched chain (cached) and find one work unit with its canonical URI.</summary>
    [Benchmark]
    public ChainWorkUnit? WarmShow()
    {
        var chain = _warmLoader.LoadAsync(_snapshot).AsTask().GetAwaiter().GetResult();
        return chain.TryGetWorkUnit("bd-3roq", out var unit) ? unit : null;
    }
}
