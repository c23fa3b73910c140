using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Benchmarks.Jsonl;

/// <summary>
/// Loading and indexing a beads issues.jsonl (<see cref="WorkUnitDocument.Parse"/>) against the cost of merely
/// tokenising the same bytes line by line with <see cref="Utf8JsonReader"/> (the baseline; target: load ≥ 60% of its
/// throughput, i.e. a ratio ≤ 1.67) and of <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> per line.
/// Inputs: the real 873-issue beads-sync fixture and a deterministic 100k-issue synthetic file.
/// </summary>
[MemoryDiagnoser]
public class JsonlLoadBenchmarks
{
    private byte[] _bytes = [];

    [Params("fixture", "synthetic-100k")]
    public string Input { get; set; } = "fixture";

    [GlobalSetup]
    public void Setup()
    {
        _bytes = Input == "fixture" ? Fixtures.BeadsSyncIssuesBytes() : SyntheticIssues.Generate(100_000);
        Console.WriteLine($"// {Input}: {_bytes.Length} bytes");
    }

    [Benchmark(Baseline = true)]
    public long Utf8JsonReaderTokenize()
    {
        long tokens = 0;
        var span = _bytes.AsSpan();
        while (!span.IsEmpty)
        {
            var newline = span.IndexOf((byte)'\n');
            var line = newline < 0 ? span : span[..newline];
            var reader = new Utf8JsonReader(line);
            while (reader.Read())
            {
                tokens++;
            }

            span = newline < 0 ? default : span[(newline + 1)..];
        }

        return tokens;
    }

    [Benchmark]
    public int JsonDocumentPerLine()
    {
        var count = 0;
        var memory = _bytes.AsMemory();
        while (!memory.IsEmpty)
        {
            var newline = memory.Span.IndexOf((byte)'\n');
            var line = newline < 0 ? memory : memory[..newline];
            using (var document = JsonDocument.Parse(line))
            {
                count += document.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
            }

            memory = newline < 0 ? default : memory[(newline + 1)..];
        }

        return count;
    }

    [Benchmark]
    public int WorkUnitDocumentLoadAndIndex()
    {
        var document = WorkUnitDocument.Parse(_bytes);
        return document.TryGet("bd-00u3", out _) ? document.Count : -document.Count;
    }
}
