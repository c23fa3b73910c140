using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Benchmarks.Provenance;

/// <summary>
/// Appending to a town's .events.jsonl. Target (DESIGN §10): ≥ 10k events/s in one process with the cross-process
/// lock, i.e. ≤ 100 µs per locked append. Baseline: File.AppendAllText of the same line with no lock at all.
/// </summary>
[MemoryDiagnoser]
public class EventAppendBenchmarks
{
    private const int BatchSize = 100;
    private TempDirectory? _temp;
    private string _town = string.Empty;
    private string _baselineFile = string.Empty;
    private string _line = string.Empty;
    private EventLogWriter _writer = null!;
    private JsonElement _payload;
    private TownEventDraft[] _batch = [];

    [GlobalSetup]
    public void Setup()
    {
        _temp = new TempDirectory("gtfed-bench-append");
        _town = _temp.Path;
        _baselineFile = Path.Combine(_town, "baseline.jsonl");
        var options = new ProvenanceOptions { Actor = "gastown/polecats/nux" };
        _writer = new EventLogWriter(new ActorResolver(options), options);
        using var document = JsonDocument.Parse("""{"bead":"gt-abc12","target":"gastown/polecats/nux"}""");
        _payload = document.RootElement.Clone();
        _line = """{"ts":"2025-12-30T18:02:04Z","source":"gt","type":"sling","actor":"gastown/polecats/nux","payload":{"bead":"gt-abc12","target":"gastown/polecats/nux"},"visibility":"feed"}""" + "\n";
        _batch = [.. Enumerable.Range(0, BatchSize).Select(_ => new TownEventDraft("sling", _payload))];
    }

    [GlobalCleanup]
    public void Cleanup() => _temp?.Dispose();

    /// <summary>No lock, no formatting: open, append, close.</summary>
    [Benchmark(Baseline = true)]
    public void FileAppendAllText_unlocked() => File.AppendAllText(_baselineFile, _line);

    /// <summary>One event: format, flock the lock file, O_APPEND write, unlock.</summary>
    [Benchmark]
    public async Task AppendAsync_locked() => await _writer.AppendAsync(_town, "sling", _payload);

    /// <summary>Per event, in batches of 100 under one lock and one write.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task AppendBatchAsync_locked_per_event() => await _writer.AppendBatchAsync(_town, _batch);
}
