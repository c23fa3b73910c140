using BenchmarkDotNet.Attributes;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Benchmarks.GitTransport;

/// <summary>
/// DESIGN §10: a warm <c>show</c> of a fetched remote work unit, target ≤ 10 µs, measured end to end through the
/// host facade as a frontend calls it: <c>town.Queries.ShowAsync(uri)</c> on a <see cref="Town"/> opened once. The
/// remote town (1,000 issues) is published and fetched over real git in setup; the measured path is the whole
/// query: reference parsing, remote lookup (with the config-file freshness check), the tip and chain caches, the
/// work-unit lookup, dependency resolution, trust states and the typed result. Baseline: the bare dictionary lookup
/// in the already loaded chain, the floor any query sits on.
/// </summary>
[MemoryDiagnoser]
public class WarmShowBenchmarks
{
    private GitBenchmarkTown? _remote;
    private Town? _town;
    private Chain? _chain;
    private TempDirectory? _root;
    private string _uriText = "";
    private string _id = "";

    [GlobalSetup]
    public void Setup()
    {
        _root = new TempDirectory("gtfed-bench-warm");
        _remote = GitBenchmarkTown.CreateAsync(_root.Combine("acme"), 1_000).GetAwaiter().GetResult();
        var local = _root.Combine("alice");
        Directory.CreateDirectory(Path.Combine(local, "mayor"));
        File.WriteAllText(Path.Combine(local, "mayor", "town.json"), "{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"main-town\",\n  \"owner\": \"alice@example.com\",\n  \"created_at\": \"2025-12-30T10:00:00Z\"\n}");
        _town = Town.Open(local);
        _town.Remotes.Add("acme", FederationRepository.DefaultPathFor(_remote.Root), GtUri.Parse(GitBenchmarkTown.ChainText));
        var fetched = _town.FetchAsync("acme").GetAwaiter().GetResult();
        if (!fetched.Succeeded)
        {
            throw new InvalidOperationException("setup: the fetch failed: " + fetched.Error?.Message);
        }

        _id = GitBenchmarkTown.IdOf(500);
        _uriText = GitBenchmarkTown.ChainText + "/" + _id;
        var warm = _town.Queries.ShowAsync(_uriText).AsTask().GetAwaiter().GetResult();
        if (warm.WorkUnit.Id != _id)
        {
            throw new InvalidOperationException("setup: showed " + warm.WorkUnit.Id);
        }

        _chain = LoadChain();
    }

    [Benchmark(Baseline = true)]
    public string LoadedChainLookup()
        => _chain!.TryGetWorkUnit(_id, out var unit) ? unit.Unit.Title : "";

    [Benchmark]
    public string WarmShowThroughTheFacade()
    {
        var task = _town!.Queries.ShowAsync(_uriText);
        var result = task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
        return result.WorkUnit.Title;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _town?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _root?.Dispose();
    }

    private Chain LoadChain()
    {
        var provider = (IChainProvider)_town!.Services.GetService(typeof(IChainProvider))!;
        var loaded = provider.GetChainAsync(GtUri.Parse(GitBenchmarkTown.ChainText)).AsTask().GetAwaiter().GetResult();
        return loaded.Chain ?? throw new InvalidOperationException("setup: the chain did not load: " + loaded.Message);
    }
}
