using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A remote whose host accepts TCP and never answers (a listener on 127.0.0.1 that accepts and stays silent): over
/// ssh, libgit2 runs <c>ssh … git-upload-pack</c> as a child process, which waits for the server's banner forever.
/// The fetch must end on its timeout or cancellation, and so must that child.
/// </summary>
[Collection(nameof(HostileMemoryCollection))]
public sealed class FetchChildProcessTests : IDisposable
{
    private readonly TownWorld _world = new();
    private readonly SilentHost _silent = new();

    public void Dispose()
    {
        _silent.Dispose();
        _world.Dispose();
    }

    [Fact]
    public async Task A_fetch_that_times_out_ends_the_ssh_process_it_started_and_says_what_happened()
    {
        var (alice, needle) = SilentRemote();
        var fetcher = new ChainFetcher(alice.Registry, new GitTransportOptions { TownRoot = alice.Root, FetchTimeout = TimeSpan.FromSeconds(2) });
        var watcher = WatchForChildAsync(needle);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("silent", cancellationToken: TestContext.Current.CancellationToken));

        (await watcher).ShouldBeTrue("libgit2 started an ssh child for the fetch");
        error.Kind.ShouldBe(FetchFailureKind.TimedOut);
        error.Message.ShouldContain("did not finish within"); // what happened, in words; the call is the stack's to say
        error.Message.ShouldNotContain("gtfed");
        error.Message.ShouldNotContain("raise");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        (await ProcessesRunningAsync(needle)).ShouldBeEmpty("no ssh … git-upload-pack outlives the fetch");

        // The stopped native call has returned, so the remote's gate is free: the next fetch runs (and times out) too.
        var again = await Should.ThrowAsync<RemoteFetchException>(() => fetcher.FetchAsync("silent", cancellationToken: TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        again.Kind.ShouldBe(FetchFailureKind.TimedOut);
        (await ProcessesRunningAsync(needle)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_cancelled_fetch_ends_the_ssh_process_it_started()
    {
        var (alice, needle) = SilentRemote();
        var fetcher = new ChainFetcher(alice.Registry, new GitTransportOptions { TownRoot = alice.Root, FetchTimeout = TimeSpan.FromMinutes(2) });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var watcher = WatchForChildAsync(needle);

        var fetch = fetcher.FetchAsync("silent", cancellationToken: cancel.Token);
        (await watcher).ShouldBeTrue("libgit2 started an ssh child for the fetch");
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => fetch);
        (await ProcessesRunningAsync(needle)).ShouldBeEmpty("no ssh … git-upload-pack outlives the fetch");
    }

    private (TestTown Alice, string Needle) SilentRemote()
    {
        var alice = _world.AddTown("alice", b => b.Named("main-town").OwnedBy("alice@example.com"));
        var needle = "silent-remote-" + Guid.NewGuid().ToString("N")[..12];
        alice.Registry.Add("silent", _silent.SshUrl($"srv/{needle}.git"), GtUri.Parse("gt://silent.org/town"));
        return (alice, needle);
    }

    /// <summary>Whether a process whose command line holds <paramref name="needle"/> appears within 15 s.</summary>
    private static async Task<bool> WatchForChildAsync(string needle)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (Running(needle).Count > 0)
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return false;
    }

    /// <summary>The processes still running <paramref name="needle"/> after a grace of up to 5 s for them to exit.</summary>
    private static async Task<IReadOnlyList<string>> ProcessesRunningAsync(string needle)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        IReadOnlyList<string> running;
        do
        {
            running = Running(needle);
            if (running.Count == 0)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);
        return running;
    }

    private static List<string> Running(string needle)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(directory, "stat"));
                var zombie = state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (commandLine.Contains(needle, StringComparison.Ordinal) && !zombie)
                {
                    found.Add($"{Path.GetFileName(directory)}: {commandLine}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
