using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Over http(s) and git:// a fetch stopped on its timeout leaves libgit2's call waiting on the silent server (no ssh child
/// to end, no callback to refuse): the remote's next fetch must not wait for it forever, but time out saying why.
/// </summary>
[Collection(nameof(HostileMemoryCollection))]
public sealed class StuckFetchTests : IDisposable
{
    private readonly TownWorld _world = new();
    private readonly SilentHost _silent = new();

    public void Dispose()
    {
        _silent.Dispose();
        _world.Dispose();
    }

    [Theory]
    [InlineData("http")]
    [InlineData("git")]
    public async Task The_next_fetch_of_a_remote_whose_stopped_fetch_is_still_stuck_times_out_instead_of_waiting_forever(string scheme)
    {
        var ct = TestContext.Current.CancellationToken;
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        alice.Registry.Add("silent", scheme == "http" ? _silent.HttpUrl("srv/x.git") : _silent.GitUrl("srv/x.git"), GtUri.Parse("gt://silent.org/town"));
        var fetcher = new ChainFetcher(alice.Registry, new GitTransportOptions { TownRoot = alice.Root, FetchTimeout = TimeSpan.FromSeconds(2) });

        (await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("silent", cancellationToken: ct))).Kind.ShouldBe(FetchFailureKind.TimedOut);

        // The old code waited on the remote's gate with no limit: this waited until the silent server closed (never).
        var again = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("silent", cancellationToken: ct).WaitAsync(TimeSpan.FromSeconds(30), ct));
        again.Kind.ShouldBe(FetchFailureKind.TimedOut);
        again.Message.ShouldContain("earlier fetch of the same remote");

        // And a caller's cancellation still ends the wait at once.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
        await Should.ThrowAsync<OperationCanceledException>(() => fetcher.FetchAsync("silent", cancellationToken: cancel.Token).WaitAsync(TimeSpan.FromSeconds(1.5), ct)); // before FetchTimeout (2 s)
    }
}
