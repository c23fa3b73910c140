using BenchmarkDotNet.Attributes;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Benchmarks.GitTransport;

/// <summary>
/// DESIGN §10: a warm <c>show</c> of a fetched remote work unit, target ≤ 10 µs. The remote town
/// (1,000 issues) is published and fetched over real git in setup; the measured path is the
/// whole resolver: remote lookup (with the config-file freshness check), the fetch policy, the
/// tip and chain caches and the work-unit lookup. Baseline: the bare dictionary lookup in the
/// already loaded chain, the floor any resolver sits on.
/// </summary>
[MemoryDiagnoser]
public class WarmShowBenchmarks
{
    private GitBenchmarkTown? _remote;
    private FederationRepository? _repository;
    private GitWorkUnitResolver? _resolver;
    private Chain? _chain;
    private TempDirectory? _root;
    private GtUri _uri;

    [GlobalSetup]
    public void Setup()
    {
        _root = new TempDirectory("gtfed-bench-warm");
        _remote = GitBenchmarkTown.CreateAsync(_root.Combine("acme"), 1_000).GetAwaiter().GetResult();
        var local = _root.Combine("alice");
        Directory.CreateDirectory(Path.Combine(local, "mayor"));
        File.WriteAllText(Path.Combine(local, "mayor", "town.json"), "{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"main-town\",\n  \"owner\": \"alice@example.com\",\n  \"created_at\": \"2025-12-30T10:00:00Z\"\n}");
        _repository = FederationRepository.ForTown(local);
        var registry = new RemoteRegistry(_repository);
        registry.Add("acme", FederationRepository.DefaultPathFor(_remote.Root), GtUri.Parse(GitBenchmarkTown.ChainText));
        var options = new GitTransportOptions { TownRoot = local, FetchPolicy = FetchPolicy.IfOlderThan(TimeSpan.FromHours(1)) };
        var fetcher = new ChainFetcher(registry, options);
        fetcher.FetchAsync("acme").GetAwaiter().GetResult();
        var provider = new GitChainProvider(registry, fetcher, new ChainLoader(new ParsedBlobCache()), options);
        _resolver = new GitWorkUnitResolver(provider);
        _uri = GtUri.Parse(GitBenchmarkTown.ChainText + "/" + GitBenchmarkTown.IdOf(500));
        var warm = _resolver.ResolveAsync(_uri).AsTask().GetAwaiter().GetResult();
        if (!warm.Found)
        {
            throw new InvalidOperationException("setup: the work unit was not found: " + warm.Message);
        }

        _chain = warm.ChainResult.Chain;
    }

    [Benchmark(Baseline = true)]
    public string LoadedChainLookup()
        => _chain!.TryGetWorkUnit(_uri.WorkId!, out var unit) ? unit.Unit.Title : "";

    [Benchmark]
    public string WarmShow()
    {
        var task = _resolver!.ResolveAsync(_uri);
        var result = task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
        return result.WorkUnit!.Unit.Title;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _repository?.Dispose();
        _root?.Dispose();
    }
}
