using System.Diagnostics;

namespace GasTown.Federation.Model;

/// <summary>
/// One cross-process writer at a time on a lock file: a <see cref="FileStream"/> opened with
/// <see cref="FileShare.None"/>, which .NET takes as <c>flock(LOCK_EX|LOCK_NB)</c> on Linux and macOS and as a
/// share-mode lock on Windows. A process that dies holding it loses it to the kernel; the empty lock file stays and
/// is harmless. Waiting polls with a short back-off so it can be cancelled. The town's write lock
/// (<see cref="TownWriteLock"/>) and the index's write lock are this, on their own files.
/// </summary>
internal sealed class ExclusiveFileLock : IDisposable
{
    // EROFS, the same number on Linux and macOS.
    private const int ReadOnlyFileSystemErrno = 30;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;

    private ExclusiveFileLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; null when another process held it that long (the caller says what was not done).</summary>
    public static async ValueTask<ExclusiveFileLock?> TryAcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = Stopwatch.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new ExclusiveFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException exception) when (File.Exists(path) && !TownFileAccessException.IsRefusal(exception))
            {
                // Held by another writer (EWOULDBLOCK surfaces as IOException); wait and try again. A refusal (a read-only
                // mount: EROFS) is thrown at once: such a lock file can never be opened for writing, so no one holds it.
            }

            if (timeout != Timeout.InfiniteTimeSpan && Stopwatch.GetElapsedTime(started) >= timeout)
            {
                return null;
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
        }
    }

    public void Dispose() => _stream.Dispose();

    // EROFS (on Unix .NET puts the errno of an I/O error it has no type for in HResult).
    internal static bool IsReadOnlyFileSystem(IOException exception) => !OperatingSystem.IsWindows() && exception.HResult == ReadOnlyFileSystemErrno;
}
