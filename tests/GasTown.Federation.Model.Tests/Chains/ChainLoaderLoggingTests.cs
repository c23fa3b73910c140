using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GasTown.Federation.Model.Tests.Chains;

public sealed class ChainLoaderLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_a_refused_identity_and_a_refused_path_with_their_stable_event_ids()
    {
        using var temp = new TempDirectory();
        var spoof = TownBuilder.At(temp.Combine("spoof")).Named("hq").OwnedBy("mallory@evil.com").Build();
        var escape = TownBuilder.At(temp.Combine("escape")).Named("t").OwnedBy("a@example.com").WithRouteLine("{\"prefix\":\"x-\",\"path\":\"../x\"}").Build();
        var logger = new FakeLogger<ChainLoader>();
        var loader = new ChainLoader(new ParsedBlobCache(), logger);

        await Should.ThrowAsync<ChainIdentityException>(async () =>
            await loader.LoadAsync(new FolderChainSource(spoof.Root), new ChainLoadOptions { ExpectedChain = GtUri.Parse("gt://acme.com/hq") }, Ct));
        await Should.ThrowAsync<ChainPathException>(async () => await loader.LoadAsync(new FolderChainSource(escape.Root), null, Ct));

        var records = logger.Collector.GetSnapshot();
        records.ShouldContain(r => r.Id.Id == Log.IdIdentityMismatch && r.Level == LogLevel.Warning && r.Message.Contains("mallory@evil.com"));
        records.ShouldContain(r => r.Id.Id == Log.IdPathEscapeRefused && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Logs_unreadable_entries_once_per_load_and_the_load_itself_at_debug()
    {
        using var temp = new TempDirectory();
        var town = TownBuilder.At(temp.Path).Named("t").OwnedBy("a@example.com")
            .WithRig("gastown", "gt-", r => r.WithIssue("gt-1", "x").WithIssueLine("{bad").WithIssueLine("{worse"))
            .Build();
        var logger = new FakeLogger<ChainLoader>();

        await new ChainLoader(new ParsedBlobCache(), logger).LoadAsync(new FolderChainSource(town.Root), null, Ct);

        var records = logger.Collector.GetSnapshot();
        records.Single(r => r.Id.Id == Log.IdChainDiagnostics).Message.ShouldContain("2 unreadable entries");
        records.Single(r => r.Id.Id == Log.IdChainLoaded).Level.ShouldBe(LogLevel.Debug);
    }
}
