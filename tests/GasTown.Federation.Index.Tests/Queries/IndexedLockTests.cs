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
}
