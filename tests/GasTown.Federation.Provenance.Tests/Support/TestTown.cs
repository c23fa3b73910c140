using System.Text.Json;
using GasTown.Federation.Provenance;
using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GasTown.Federation.Provenance.Tests.Support;

/// <summary>A temp town folder with a writer whose actor and clock the test controls.</summary>
internal sealed class TestTown : IDisposable
{
    private readonly TempDirectory _folder = new("gtfed-prov");

    public TestTown(string actor = "gastown/crew/joe", TimeSpan? lockTimeout = null)
    {
        Options = new ProvenanceOptions { Actor = actor, LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30) };
        Clock = new FakeTimeProvider(new DateTimeOffset(2025, 12, 30, 18, 2, 4, 900, TimeSpan.Zero));
        Writer = new EventLogWriter(new ActorResolver(Options, new DictionaryEnvironmentVariables([])), Options, Clock);
    }

    public string Root => _folder.Path;

    public string EventsFile => EventLogPaths.EventsFile(Root);

    public string LockFile => EventLogPaths.LockFile(Root);

    public ProvenanceOptions Options { get; }

    public FakeTimeProvider Clock { get; }

    public EventLogWriter Writer { get; }

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public string[] Lines() => File.Exists(EventsFile) ? File.ReadAllText(EventsFile).Split('\n') : [];

    public void Dispose() => _folder.Dispose();
}
