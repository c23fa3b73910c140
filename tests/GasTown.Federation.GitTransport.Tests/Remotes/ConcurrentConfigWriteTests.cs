using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// Writers of one town's git config at once, in real separate processes (the RegistryRunner helper) and in one process
/// through two repository instances: fetches recording their time and remotes being added wait for git's config lock
/// instead of failing, racing registrations of one name end in one remote and plain RemoteAlreadyExistsExceptions, and
/// a lock handed from writer to writer is waited for past 5 s, while one held too long is reported as a write under way, naming the file for removal only when it is old.
/// </summary>
public sealed class ConcurrentConfigWriteTests : IDisposable
{
    private readonly TownWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fetches_of_one_town_from_three_processes_all_succeed()
    {
        var (alice, _) = await AliceFollowingBobAsync();
        var barrier = _world.Temp.Combine("go-fetch");

        var runs = Enumerable.Range(0, 3).Select(_ => RegistryRunner.RunAsync(false, "fetch", alice.Root, barrier, "bob", "25")).ToArray();
        await File.WriteAllTextAsync(barrier, "go", Ct);
        var lines = (await Task.WhenAll(runs)).SelectMany(l => l).ToArray();

        lines.Length.ShouldBe(75);
        lines.ShouldAllBe(l => l == "ok bob", string.Join('\n', lines.Where(l => l != "ok bob").Distinct()));
    }

    [Fact]
    public async Task Fetches_through_two_repository_instances_in_one_process_all_succeed()
    {
        var (alice, _) = await AliceFollowingBobAsync();
        using var second = FederationRepository.ForTown(alice.Root);
        var fetchers = new[] { alice.Fetcher, new ChainFetcher(new RemoteRegistry(second)) };

        var failures = await Task.WhenAll(fetchers.Select(fetcher => Task.Run(async () =>
        {
            var failed = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                try
                {
                    await fetcher.FetchAsync("bob", cancellationToken: Ct);
                }
                catch (GitTransportException ex)
                {
                    failed.Add(ex.Message);
                }
            }

            return failed;
        }, Ct)));

        failures.SelectMany(f => f).ShouldBeEmpty();
    }

    [Fact]
    public async Task Remotes_added_from_ten_processes_at_once_are_all_registered()
    {
        var town = _world.AddTown("busy", b => b.Named("busy").OwnedBy("alice@example.com"));
        town.Repository.EnsureCreated();
        var barrier = _world.Temp.Combine("go-add");

        var runs = Enumerable.Range(0, 10).Select(i => RegistryRunner.RunAsync(false, "add", town.Root, barrier, "https://example.invalid/r.git", "gt://acme.com/c", $"r{i}")).ToArray();
        await File.WriteAllTextAsync(barrier, "go", Ct);
        var lines = (await Task.WhenAll(runs)).SelectMany(l => l).ToArray();

        lines.ShouldAllBe(l => l.StartsWith("ok ", StringComparison.Ordinal), string.Join('\n', lines));
        town.Registry.List().Select(r => r.Name).ShouldBe(Enumerable.Range(0, 10).Select(i => $"r{i}"), ignoreOrder: true);
    }

    [Fact]
    public async Task Racing_registrations_of_one_name_leave_one_remote_and_tell_the_others_it_is_registered()
    {
        var town = _world.AddTown("race", b => b.Named("race").OwnedBy("alice@example.com"));
        town.Repository.EnsureCreated();
        var barrier = _world.Temp.Combine("go-dup");
        var names = Enumerable.Range(0, 20).Select(i => $"dup{i}").ToArray();

        // Every process adds the same ten names, for the same chains, in the same order.
        var runs = Enumerable.Range(0, 8).Select(_ => RegistryRunner.RunAsync(false, ["add", town.Root, barrier, "https://example.invalid/d.git", "gt://acme.com/d", .. names])).ToArray();
        await File.WriteAllTextAsync(barrier, "go", Ct);
        var outputs = await Task.WhenAll(runs);

        var lines = outputs.SelectMany(l => l).ToArray();
        lines.Length.ShouldBe(160);
        foreach (var name in names)
        {
            var forName = outputs.Select(o => o[Array.IndexOf(names, name)]).ToArray();
            forName.Count(l => l == $"ok {name}").ShouldBe(1, string.Join('\n', forName));
            forName.Where(l => l != $"ok {name}").ShouldAllBe(
                l => l.StartsWith($"error {typeof(RemoteAlreadyExistsException).FullName} A remote named '{name}' is already registered", StringComparison.Ordinal),
                string.Join('\n', forName));
        }

        town.Registry.List().Select(r => (r.Name, r.Chain.ToString())).ShouldBe(names.Select(n => (n, $"gt://acme.com/d-{n}")), ignoreOrder: true);
    }

    [Fact]
    public async Task A_config_lock_released_within_the_wait_lets_the_write_through()
    {
        var town = _world.AddTown("waits", b => b.Named("waits").OwnedBy("alice@example.com"));
        town.Repository.EnsureCreated();
        var lockFile = Path.Combine(town.Repository.Path, "config.lock");
        await File.WriteAllTextAsync(lockFile, "", Ct);
        var release = Task.Delay(TimeSpan.FromMilliseconds(400), Ct).ContinueWith(_ => File.Delete(lockFile), Ct, TaskContinuationOptions.None, TaskScheduler.Default);

        var added = town.Registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering"));
        await release;

        town.Registry.List().ShouldBe([added]);
    }

    [Fact]
    public async Task A_config_lock_handed_from_writer_to_writer_for_longer_than_five_seconds_still_lets_the_write_through()
    {
        var town = _world.AddTown("turns", b => b.Named("turns").OwnedBy("alice@example.com"));
        town.Repository.EnsureCreated();
        var lockFile = Path.Combine(town.Repository.Path, "config.lock");
        await File.WriteAllTextAsync(lockFile, "", Ct);

        // Other writers take the lock in turn for 7 s, never leaving it free (a new lock file renamed over the old one),
        // as ten processes writing the config do on a loaded machine; then they are done.
        var others = Task.Run(async () =>
        {
            var until = DateTime.UtcNow.AddSeconds(7);
            for (var turn = 0; DateTime.UtcNow < until; turn++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), Ct);
                var next = lockFile + $".{turn}";
                await File.WriteAllTextAsync(next, "", Ct);
                File.Move(next, lockFile, overwrite: true);
            }

            File.Delete(lockFile);
        }, Ct);

        var added = town.Registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering"));
        await others;

        town.Registry.List().ShouldBe([added]);
    }

    [Fact]
    public async Task A_config_lock_held_past_the_wait_is_reported_as_another_writer_and_named_for_removal_only_when_old()
    {
        var town = _world.AddTown("held", b => b.Named("held").OwnedBy("alice@example.com"));
        town.Repository.EnsureCreated();
        var lockFile = Path.Combine(town.Repository.Path, "config.lock");
        await File.WriteAllTextAsync(lockFile, "", Ct);

        var fresh = Should.Throw<GitTransportException>(() => town.Registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering")));
        File.SetLastWriteTimeUtc(lockFile, DateTime.UtcNow.AddMinutes(-10));
        var old = Should.Throw<GitTransportException>(() => town.Registry.Add("acme", "https://example.invalid/acme.git", GtUri.Parse("gt://acme.com/engineering")));

        fresh.ErrorKind.ShouldBe(FederationErrorKind.Conflict);
        fresh.InnerException.ShouldBeOfType<LibGit2Sharp.LockedFileException>();
        fresh.Message.ShouldContain($"Another process is writing the repository's configuration ({lockFile})");
        fresh.Message.ShouldContain("Try again.");
        fresh.Message.ShouldNotContain("remov", Case.Insensitive);
        old.Message.ShouldContain("10 min old: if no other process is using");
        File.Delete(lockFile);
        town.Registry.List().ShouldBeEmpty();
    }

    [Fact]
    public async Task Waiting_for_a_held_config_lock_stops_when_cancelled()
    {
        var (alice, _) = await AliceFollowingBobAsync();
        await File.WriteAllTextAsync(Path.Combine(alice.Repository.Path, "config.lock"), "", Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Should.ThrowAsync<OperationCanceledException>(() => alice.Fetcher.FetchAsync("bob", cancellationToken: cancel.Token));

        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    private async Task<(TestTown Alice, TestTown Bob)> AliceFollowingBobAsync()
    {
        var bob = _world.AddTown("bob", b => b.Named("bob").OwnedBy("bob@example.com").WithRig("bobrig", "bx-", r => r.WithIssue("bx-1", "Work of bob")));
        await bob.PublishAsync("bobrig");
        var alice = _world.AddTown("alice", b => b.Named("alice").OwnedBy("alice@example.com"));
        alice.Registry.Add("bob", bob.Repository.Path, bob.ChainUri);
        return (alice, bob);
    }
}
