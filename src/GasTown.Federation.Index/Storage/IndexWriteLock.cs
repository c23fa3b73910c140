using System.Diagnostics;

namespace GasTown.Federation.Index;

/// <summary>
/// The one-writer-at-a-time lock of the index, across processes: <c>&lt;town&gt;/federation/index.lock</c> opened with
/// <see cref="FileShare.None"/> (flock on Linux and macOS, a share-mode lock on Windows), as Model's town write lock
/// does for the town's files. Readers never take it: SQLite's WAL mode lets them read the last committed state while
/// a writer works. A process that dies holding it loses it to the kernel.
/// </summary>
internal sealed class IndexWriteLock : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;

    private IndexWriteLock(FileStream stream) => _stream = stream;

    public static async ValueTask<IndexWriteLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = Stopwatch.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new IndexWriteLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another indexer; wait and try again.
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (timeout != Timeout.InfiniteTimeSpan && elapsed >= timeout)
            {
                throw new FederationIndexException(FederationErrorKind.Conflict,
                    $"Another process has held the index's write lock ({path}) for {elapsed.TotalSeconds:0.#} s; the index was not updated. Try again when it has finished.");
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
        }
    }

    public void Dispose() => _stream.Dispose();
}
