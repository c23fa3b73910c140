using System.Diagnostics;
using System.Globalization;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The one way the transport waits for a git lock file another writer holds (<c>config.lock</c>, <c>FETCH_HEAD.lock</c>,
/// a ref's lock): git takes such a lock for the milliseconds of one write, so a write that meets one is tried again with
/// a short, jittered back-off until the lock is free, and is reported only when one lock stayed the same for
/// <see cref="Budget"/> (a writer that stopped, or crashed and left its lock) or other writers kept it busy for
/// <see cref="Limit"/>; and the one message that reports it.
/// </summary>
/// <remarks>
/// Two fetches of one town (two processes, or two <see cref="FederationRepository"/> instances in one) each record
/// their fetch time in the repository's config: without the wait, one in twenty failed after its refs had moved. Ten
/// processes registering remotes at once take <c>config.lock</c> in turn; on a loaded machine one of them could lose
/// every turn for more than 5 s, so the wait counts from the last time the lock changed hands, not from its start.
/// </remarks>
internal static class GitLockRetry
{
    /// <summary>How long a write waits for a lock that stays the same (one holder, no write finishing) before it is reported.</summary>
    internal static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    /// <summary>How long a write waits in all while other writers take the lock in turn, however often it changes hands.</summary>
    internal static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    // A lock file this old is not a write under way (git holds one for milliseconds): likely left by a crashed process.
    private static readonly TimeSpan StaleAge = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs <paramref name="attempt"/>, trying it again while it meets a held lock: until the lock stayed the same for
    /// <see cref="Budget"/>, or for <see cref="Limit"/> in all.
    /// </summary>
    /// <remarks><paramref name="attempt"/> must be safe to run again after it failed on a lock: a whole transaction, or idempotent writes.</remarks>
    /// <exception cref="LibGit2SharpException">The lock was still held at the end of the wait (<see cref="IsHeldLock"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public static T Run<T>(Func<T> attempt, CancellationToken cancellationToken)
    {
        var wait = new GitLockWait(Stopwatch.GetTimestamp());
        var backoff = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return attempt();
            }
            catch (LibGit2SharpException ex) when (IsHeldLock(ex) && wait.GoesOn(ex, Stopwatch.GetTimestamp()))
            {
                // Jittered, so that writers that met each other do not meet again on the next try.
                var delay = backoff + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * backoff.TotalMilliseconds);
                cancellationToken.WaitHandle.WaitOne(delay);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="failure"/> is a lock file another writer holds: LibGit2Sharp's type for it, or a plain
    /// exception with libgit2's message for it (a fetch's ref update reports a held ref lock with no code of its own:
    /// "failed to lock file …", or "failed to create locked file '….lock': File exists").
    /// </summary>
    public static bool IsHeldLock(LibGit2SharpException failure)
        => failure is LockedFileException
           || failure.Message.StartsWith("failed to lock file ", StringComparison.Ordinal)
           || (failure.Message.StartsWith("failed to create locked file ", StringComparison.Ordinal) && failure.Message.EndsWith("File exists", StringComparison.Ordinal));

    /// <summary>The lock file libgit2's message names (the first quoted path ending in <c>.lock</c>), or null.</summary>
    public static string? LockFileOf(LibGit2SharpException failure)
        => LibGit2Messages.QuotedPath(failure.Message) is { } quoted && quoted.EndsWith(".lock", StringComparison.Ordinal) ? quoted : null;

    /// <summary>
    /// What to tell a caller whose write met a held lock to the end of its wait: another process is writing,
    /// try again; a lock file is named for removal only when it is old enough not to be a write under way.
    /// </summary>
    /// <param name="repositoryPath">The federation repository.</param>
    /// <param name="failure">libgit2's report, which names the lock file.</param>
    /// <param name="now">The current time, to tell a stale lock file from a held one.</param>
    public static string Describe(string repositoryPath, LibGit2SharpException failure, DateTimeOffset now)
    {
        var lockFile = LockFileOf(failure);
        var what = lockFile is not null && System.IO.Path.GetFileName(lockFile) == "config.lock"
            ? "writing the repository's configuration"
            : "writing to the repository";
        var message = $"Another process is {what} ({lockFile ?? repositoryPath + "/*.lock"}) and held its lock past this write's wait ({Budget.TotalSeconds:0} s without the lock changing hands, {Limit.TotalSeconds:0} s in all); this change was not made. Try again.";
        if (lockFile is not null && File.Exists(lockFile) && now - File.GetLastWriteTimeUtc(lockFile) is var age && age > StaleAge)
        {
            message += $" The lock file is {Math.Floor(age.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min old: if no other process is using {repositoryPath}, it was left by one that crashed, and removing it lets writes through.";
        }

        return message;
    }
}
