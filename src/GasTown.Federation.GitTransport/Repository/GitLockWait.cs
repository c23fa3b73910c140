using System.Diagnostics;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// One write's wait for a git lock (<see cref="GitLockRetry"/>): it goes on while the lock file changes hands (another
/// writer finished, the next one took it) within <see cref="GitLockRetry.Budget"/> of its last change, and for
/// <see cref="GitLockRetry.Limit"/> in all. A lock whose file libgit2's message does not name is waited for
/// <see cref="GitLockRetry.Budget"/> from the start.
/// </summary>
/// <param name="started">When the write was first tried, as a <see cref="Stopwatch"/> timestamp.</param>
internal sealed class GitLockWait(long started)
{
    private readonly long _started = started;
    private long _changed = started;
    private (bool Exists, DateTime Written)? _seen;

    /// <summary>Whether the write should be tried again after <paramref name="failure"/>, a held lock met at <paramref name="now"/>.</summary>
    /// <param name="failure">libgit2's report of the held lock, which names the lock file.</param>
    /// <param name="now">A <see cref="Stopwatch"/> timestamp.</param>
    public bool GoesOn(LibGit2SharpException failure, long now)
    {
        if (GitLockRetry.LockFileOf(failure) is { } lockFile)
        {
            // A lock file is made anew for each write, so its write time (to the tick) tells one holder from the next;
            // a file gone by now was released.
            var seen = File.Exists(lockFile) ? (true, File.GetLastWriteTimeUtc(lockFile)) : (false, default(DateTime));
            if (_seen is { } before && before != seen)
            {
                _changed = now;
            }

            _seen = seen;
        }

        return Stopwatch.GetElapsedTime(_changed, now) < GitLockRetry.Budget && Stopwatch.GetElapsedTime(_started, now) < GitLockRetry.Limit;
    }
}
