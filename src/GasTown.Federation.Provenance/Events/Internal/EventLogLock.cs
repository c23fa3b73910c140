using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using GasTown.Federation.Model;
using Microsoft.Extensions.Logging;

namespace GasTown.Federation.Provenance;

/// <summary>
/// The exclusive lock on <c>&lt;town&gt;/.events.jsonl.lock</c> that serialises appends across processes: flock(2),
/// the lock upstream's gofrs/flock takes, so <c>gt</c>, <c>flock(1)</c> and this SDK exclude one another.
/// </summary>
/// <remarks>
/// The wait polls <c>flock(LOCK_EX | LOCK_NB)</c> with a short, jittered exponential back-off (1 ms up to 20 ms)
/// rather than blocking in <c>flock(LOCK_EX)</c>, because a blocked system call can be neither cancelled nor timed
/// out. Within one process a semaphore per lock file queues writers first, so they do not spin against each other.
/// The lock is released by closing the descriptor; a process that dies holding it loses it to the kernel, so there is
/// never a stale lock file to clean up. Off Linux, <see cref="FileStream"/> with <see cref="FileShare.None"/> is used:
/// .NET takes the same <c>flock(LOCK_EX|LOCK_NB)</c> on macOS and BSD, and a share-mode lock on Windows.
/// </remarks>
internal sealed class EventLogLock : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate;
    private readonly FileDescriptor? _descriptor;
    private readonly FileStream? _stream;
    private int _disposed;

    private EventLogLock(SemaphoreSlim gate, FileDescriptor? descriptor, FileStream? stream)
    {
        _gate = gate;
        _descriptor = descriptor;
        _stream = stream;
    }

    public static async ValueTask<EventLogLock> AcquireAsync(string lockPath, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var fullPath = Path.GetFullPath(lockPath);
        var gate = Gates.GetOrAdd(fullPath, static _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw TimedOut(fullPath, timeout, logger);
        }

        FileDescriptor? descriptor = null;
        try
        {
            if (LibC.IsSupported)
            {
                descriptor = FileDescriptor.Open(fullPath, LibC.O_RDWR | LibC.O_CREAT);
            }

            var backoff = TimeSpan.FromMilliseconds(1);
            var contended = false;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                FileStream? stream = null;
                var acquired = descriptor is not null ? TryFlock(descriptor, fullPath) : (stream = TryOpenExclusive(fullPath)) is not null;
                if (acquired)
                {
                    if (contended)
                    {
                        Log.LockAcquired(logger, fullPath, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    return new EventLogLock(gate, descriptor, stream);
                }

                var elapsed = Stopwatch.GetElapsedTime(started);
                if (timeout != Timeout.InfiniteTimeSpan && elapsed >= timeout)
                {
                    throw TimedOut(fullPath, elapsed, logger);
                }

                if (!contended)
                {
                    contended = true;
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        Log.LockContended(logger, fullPath, LockHolderProbe.Describe(fullPath) ?? "unknown");
                    }
                }

                var delay = backoff + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * backoff.TotalMilliseconds);
                if (timeout != Timeout.InfiniteTimeSpan && delay > timeout - elapsed)
                {
                    delay = timeout - elapsed;
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
        catch (Exception exception)
        {
            descriptor?.Dispose();
            gate.Release();
            if (TownFileAccessException.IsRefusal(exception))
            {
                // A town this process may not write (read-only, another user's): said as every writer of a town says it.
                throw TownFileAccessException.For(fullPath, exception);
            }

            throw;
        }
    }

    private static bool TryFlock(FileDescriptor descriptor, string path)
    {
        while (true)
        {
            if (LibC.Flock(descriptor.Fd, LibC.LOCK_EX | LibC.LOCK_NB) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EAGAIN)
            {
                return false;
            }

            if (errno != LibC.EINTR)
            {
                throw FileDescriptor.ErrnoException($"could not lock '{path}'", errno);
            }
        }
    }

    private static FileStream? TryOpenExclusive(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            // Locked by another process (or a transient error): poll again until the timeout.
            return null;
        }
    }

    private static EventLogLockTimeoutException TimedOut(string lockPath, TimeSpan waited, ILogger logger)
    {
        var holder = LockHolderProbe.Describe(lockPath);
        Log.LockTimedOut(logger, lockPath, waited, holder ?? "unknown");
        return new EventLogLockTimeoutException(lockPath, waited, holder);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_descriptor is not null)
        {
            // Closing drops the lock too; unlocking first releases it even if something still references the handle.
            _ = LibC.Flock(_descriptor.Fd, LibC.LOCK_UN);
            _descriptor.Dispose();
        }

        _stream?.Dispose();
        _gate.Release();
    }
}
