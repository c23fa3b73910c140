using System.Diagnostics;

namespace GasTown.Federation.Model;

/// <summary>
/// The cross-process lock every <see cref="TownWriter"/> change takes, on <c>&lt;town&gt;/.beads/gtfed-write.lock</c>,
/// so that two processes changing the same town never lose each other's update (read, change, atomic replace).
/// </summary>
/// <remarks>
/// The lock is a <see cref="FileStream"/> opened with <see cref="FileShare.None"/>: on Linux and macOS .NET takes
/// <c>flock(LOCK_EX|LOCK_NB)</c> on it (the lock Provenance's event log takes through libc, which Model cannot reach
/// without a reference up the layers), on Windows a share-mode lock. A process that dies holding it loses it to the
/// kernel; the empty lock file stays and is harmless. Waiting polls with a short back-off so it can be cancelled.
/// bd 1.x keeps issues in Dolt, so there is no upstream JSONL lock to share.
/// </remarks>
internal sealed class TownWriteLock : IDisposable
{
    /// <summary>The lock file, relative to the town root.</summary>
    public const string RelativePath = ".beads/gtfed-write.lock";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;

    private TownWriteLock(FileStream stream) => _stream = stream;

    public static async ValueTask<TownWriteLock> AcquireAsync(string townRoot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(townRoot, RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = Stopwatch.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new TownWriteLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another writer (EWOULDBLOCK surfaces as IOException); wait and try again.
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (timeout != Timeout.InfiniteTimeSpan && elapsed >= timeout)
            {
                throw new TownWriteException(
                    TownWriteError.Conflict,
                    $"Another writer has held the town's write lock ({path}) for {elapsed.TotalSeconds:0.#} s; nothing was changed. Try again when it has finished.");
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
        }
    }

    public void Dispose() => _stream.Dispose();
}
