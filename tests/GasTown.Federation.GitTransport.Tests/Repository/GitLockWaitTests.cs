using System.Diagnostics;
using GasTown.Federation.TestSupport;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// One write's wait for a git lock, driven with made-up times: it ends 5 s after the lock last changed hands, goes on
/// while other writers keep taking it in turn, and ends at 60 s however busy the lock stays.
/// </summary>
public sealed class GitLockWaitTests : IDisposable
{
    private readonly TempDirectory _temp = new("gtlockwait");
    private readonly long _started = Stopwatch.GetTimestamp();

    public void Dispose() => _temp.Dispose();

    private string LockFile => _temp.Combine("config.lock");

    private LockedFileException Held => new($"failed to lock file '{LockFile}' for writing: ");

    private long At(double seconds) => _started + (long)(seconds * Stopwatch.Frequency);

    // Another writer took the lock: a new file, with a write time of its own.
    private void HandOver(double seconds)
    {
        File.WriteAllText(LockFile, "");
        File.SetLastWriteTimeUtc(LockFile, new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc).AddSeconds(seconds));
    }

    [Fact]
    public void A_lock_that_stays_the_same_is_waited_for_five_seconds()
    {
        HandOver(0);
        var wait = new GitLockWait(_started);

        wait.GoesOn(Held, At(0.1)).ShouldBeTrue();
        wait.GoesOn(Held, At(4.9)).ShouldBeTrue();
        wait.GoesOn(Held, At(5.0)).ShouldBeFalse();
    }

    [Fact]
    public void A_lock_that_keeps_changing_hands_is_waited_for_five_seconds_from_its_last_change()
    {
        HandOver(0);
        var wait = new GitLockWait(_started);
        wait.GoesOn(Held, At(0.1)).ShouldBeTrue();

        for (var second = 4; second <= 40; second += 4)
        {
            HandOver(second);
            wait.GoesOn(Held, At(second)).ShouldBeTrue($"the lock changed hands at {second} s");
        }

        wait.GoesOn(Held, At(44.9)).ShouldBeTrue();
        wait.GoesOn(Held, At(45.0)).ShouldBeFalse();
    }

    [Fact]
    public void A_lock_released_between_tries_counts_as_a_change_of_hands()
    {
        HandOver(0);
        var wait = new GitLockWait(_started);
        wait.GoesOn(Held, At(0.1)).ShouldBeTrue();

        File.Delete(LockFile);
        wait.GoesOn(Held, At(4.5)).ShouldBeTrue();
        wait.GoesOn(Held, At(9.4)).ShouldBeTrue();
        wait.GoesOn(Held, At(9.5)).ShouldBeFalse();
    }

    [Fact]
    public void However_often_the_lock_changes_hands_the_wait_ends_at_sixty_seconds()
    {
        var wait = new GitLockWait(_started);

        for (var second = 0; second < 60; second++)
        {
            HandOver(second);
            wait.GoesOn(Held, At(second)).ShouldBeTrue($"at {second} s");
        }

        HandOver(60);
        wait.GoesOn(Held, At(60)).ShouldBeFalse();
    }

    [Fact]
    public void A_lock_the_message_does_not_name_is_waited_for_five_seconds_from_the_start()
    {
        var wait = new GitLockWait(_started);
        var unnamed = new LockedFileException("the index is locked; this might be due to a concurrent or crashed process");

        wait.GoesOn(unnamed, At(4.9)).ShouldBeTrue();
        wait.GoesOn(unnamed, At(5.0)).ShouldBeFalse();
    }
}
