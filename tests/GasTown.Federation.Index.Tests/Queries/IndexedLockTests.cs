using System.Diagnostics;
using GasTown.Federation.Index.Tests.Federations;
using GasTown.Federation.TestSupport;

namespace GasTown.Federation.Index.Tests.Queries;

/// <summary>A query never waits behind another process's indexing: with the index's write lock held, it loads its chains.</summary>
public sealed class IndexedLockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Show_with_the_index_lock_held_answers_promptly_from_the_chains()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        using var sources = new QuerySources();
        var reference = IndexedFederation.AliceChain + "/gastown/gt-2";
        var loaded = await town.Queries.WithoutIndex().ShowAsync(reference, Ct);

        // Another writer holds the lock (an exclusive open of the lock file is flock(LOCK_EX) on Linux and macOS, a
        // sharing lock on Windows: the same lock another process takes); the index was never built, so it is out of date.
        var lockPath = Path.Combine(federation.Observer.Root, "federation", "index.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var watch = Stopwatch.StartNew();
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            ShowAssert.Same(await town.Queries.ShowAsync(reference, Ct), loaded);
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
            File.Exists(town.Index.DatabasePath).ShouldBeFalse();
        }

        // Released: the next query indexes and answers from the index.
        ShowAssert.Same(await town.Queries.ShowAsync(reference, Ct), loaded);
        sources.Take().ShouldBe(["chains", "chains", "index"]);
    }

    [Fact]
    public async Task A_refresh_given_a_lock_timeout_waits_that_long_for_another_writer_and_no_longer()
    {
        using var federation = new IndexedFederation();
        await federation.ConnectAsync(Ct);
        await using var town = federation.OpenObserver();
        await Should.ThrowAsync<ArgumentOutOfRangeException>(town.Index.RefreshAsync(null, TimeSpan.FromSeconds(-2), Ct).AsTask());

        var lockPath = Path.Combine(federation.Observer.Root, "federation", "index.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var watch = Stopwatch.StartNew();
            var refused = await Should.ThrowAsync<FederationIndexException>(town.Index.RefreshAsync(null, TimeSpan.FromSeconds(1), Ct).AsTask());
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the index's own two-minute wait");
            refused.ErrorKind.ShouldBe(FederationErrorKind.Conflict);
            refused.Message.ShouldContain("for 1 s; the index was not updated");
        }

        (await town.Index.RefreshAsync(null, TimeSpan.Zero, Ct)).Chains.ShouldContain(c => c.Updated);
    }
}
