using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GasTown.Federation.Provenance;

namespace GasTown.Federation.Benchmarks.Provenance;

/// <summary>
/// Reading and filtering a generated 100k-event log (about 17 MB). Baseline: Utf8JsonReader tokenising the same
/// bytes (every line, nothing materialised), the floor any reader has to pay.
/// </summary>
[MemoryDiagnoser]
public class EventReadBenchmarks
{
    private static readonly string[] Rigs = ["gastown", "beads", "wasteland", "hop"];
    private static readonly string[] Types = ["sling", "hook", "done", "nudge", "merged", "patrol_started"];
    private static readonly string[] Visibilities = ["feed", "audit", "both"];

    private byte[] _log = [];
    private string _path = string.Empty;
    private EventFilter _filter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new StringBuilder();
        var start = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 100_000; i++)
        {
            var rig = Rigs[i % Rigs.Length];
            var actor = (i % 3) switch { 0 => $"{rig}/polecats/p{i % 17}", 1 => $"{rig}/crew/c{i % 5}", _ => $"{rig}/witness" };
            builder.Append("{\"ts\":\"").Append(start.AddSeconds(i * 7).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"source\":\"gt\",\"type\":\"").Append(Types[i % Types.Length])
                .Append("\",\"actor\":\"").Append(actor)
                .Append("\",\"payload\":{\"bead\":\"gt-").Append(i).Append("\",\"reason\":\"\\u003cauto\\u003e patrol\",\"target\":\"").Append(actor)
                .Append("\"},\"visibility\":\"").Append(Visibilities[i % Visibilities.Length]).Append("\"}\n");
        }

        _log = Encoding.UTF8.GetBytes(builder.ToString());
        _path = Path.Combine(Path.GetTempPath(), $"gtfed-bench-events-{Guid.NewGuid():N}.jsonl");
        File.WriteAllBytes(_path, _log);
        _filter = new EventFilter
        {
            Actor = ActorPattern.Parse("gastown/*"),
            Types = new HashSet<string>(["done", "merged"], StringComparer.Ordinal),
            VisibleIn = EventVisibility.Feed,
        };
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true)]
    public int Utf8JsonReader_tokenise()
    {
        var reader = new Utf8JsonReader(_log, new JsonReaderOptions { AllowMultipleValues = true });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark]
    public int Read_all_in_memory() => EventLogReader.Read(_log).Events.Count;

    [Benchmark]
    public int Read_filtered_in_memory() => EventLogReader.Read(_log, _filter).Events.Count;

    [Benchmark]
    public async Task<int> ReadFileAsync_filtered_from_disk() => (await EventLogReader.ReadFileAsync(_path, _filter)).Events.Count;
}
