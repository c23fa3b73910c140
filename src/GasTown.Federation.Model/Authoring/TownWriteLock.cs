namespace GasTown.Federation.Model;

/// <summary>
/// The cross-process lock every <see cref="TownWriter"/> change takes, on <c>&lt;town&gt;/.beads/gtfed-write.lock</c>,
/// so that two processes changing the same town never lose each other's update (read, change, atomic replace).
/// </summary>
/// <remarks>
/// An <see cref="ExclusiveFileLock"/> (flock on Linux and macOS, the lock Provenance's event log takes through libc,
/// which Model cannot reach without a reference up the layers). bd 1.x keeps issues in Dolt, so there is no upstream
/// JSONL lock to share.
/// </remarks>
internal sealed class TownWriteLock : IDisposable
{
    /// <summary>The lock file, relative to the town root.</summary>
    public const string RelativePath = ".beads/gtfed-write.lock";

    private readonly ExclusiveFileLock _held;

    private TownWriteLock(ExclusiveFileLock held) => _held = held;

    public static async ValueTask<TownWriteLock> AcquireAsync(string townRoot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(townRoot, RelativePath);
        ExclusiveFileLock? held;
        try
        {
            held = await ExclusiveFileLock.TryAcquireAsync(path, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (TownFileAccessException.IsRefusal(exception))
        {
            // The first file a change writes: a town this process may not write is said here, before anything is read.
            throw TownFileAccessException.For(path, exception);
        }

        return held is not null
            ? new TownWriteLock(held)
            : throw new TownWriteException(
                TownWriteError.Conflict,
                $"Another writer has held the town's write lock ({path}) for {timeout.TotalSeconds:0.#} s; nothing was changed. Try again when it has finished.");
    }

    public void Dispose() => _held.Dispose();
}
