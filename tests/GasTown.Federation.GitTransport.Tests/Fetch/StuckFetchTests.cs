using GasTown.Federation.TestSupport;
using Microsoft.Extensions.Logging;

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
    [Fact]
    public async Task A_fetch_still_judging_its_snapshot_does_not_make_the_next_fetch_of_that_remote_time_out()
    {
        var ct = TestContext.Current.CancellationToken;
        var acme = _world.AddTown("acme", b => b.Named("engineering").OwnedBy("acme.com").WithRig("backend", "ac-", r => r.WithIssue("ac-1", "Ship the API")));
        await acme.PublishAsync("backend");
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        alice.Registry.Add("acme", acme.Repository.Path, acme.ChainUri);

        // The first fetch is held after its transfer, where it goes on to judge its snapshot: in a fetch of many remotes it
        // waits there for the others' snapshots, one judged at a time, for as long as they take. The old code held the
        // remote's gate through that wait, and the second fetch failed after FetchTimeout saying a stopped fetch was stuck.
        // (A timeout long enough for two real transfers on a busy machine; the old code fails after it.)
        var held = new HoldFirstLog(eventId: 2011 /* FetchSucceeded */);
        var fetcher = new ChainFetcher(alice.Registry, new GitTransportOptions { TownRoot = alice.Root, FetchTimeout = TimeSpan.FromSeconds(10) }, logger: held);
        var first = fetcher.FetchAsync("acme", cancellationToken: ct);
        try
        {
            held.Reached.Wait(TimeSpan.FromSeconds(30), ct).ShouldBeTrue("the first fetch reached the end of its transfer");

            var second = await fetcher.FetchAsync("acme", cancellationToken: ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

            second.UpdatedRefs.ShouldBe(0, "the first fetch's transfer brought the tip already");
        }
        finally
        {
            held.Release();
            (await first.WaitAsync(TimeSpan.FromSeconds(30), ct)).Succeeded.ShouldBeTrue();
        }

        alice.Git("rev-parse", "refs/remotes/acme/gt/published").Trim().ShouldBe(acme.Git("rev-parse", FederationRepository.PublishedBranch).Trim());
    }

    /// <summary>A logger that holds the thread of the first entry with <c>eventId</c> until released.</summary>
    private sealed class HoldFirstLog(int eventId) : ILogger<ChainFetcher>
    {
        // Not disposed: the held thread may still be waking when the test ends.
        private readonly ManualResetEventSlim _release = new();
        private int _seen;

        public ManualResetEventSlim Reached { get; } = new();

        public void Release() => _release.Set();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (id.Id == eventId && Interlocked.Increment(ref _seen) == 1)
            {
                Reached.Set();
                _release.Wait(TimeSpan.FromSeconds(60));
            }
        }
    }
}
