using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>
/// The one-writer-at-a-time lock of the index, across processes: Model's <see cref="ExclusiveFileLock"/> on
/// <c>&lt;town&gt;/federation/index.lock</c> (its own file: the town's write lock guards the town's files, and an
/// index refresh must not wait behind a <c>create</c>). Readers never take it: SQLite's WAL mode lets them read the
/// last committed state while a writer works (a query keeping the registry's snapshot takes it for an instant, only to
/// see that no one indexes: <see cref="KeptRegistry"/>).
/// </summary>
internal sealed class IndexWriteLock : IDisposable
{
    private readonly ExclusiveFileLock _held;

    private IndexWriteLock(ExclusiveFileLock held) => _held = held;

    public static async ValueTask<IndexWriteLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ExclusiveFileLock? held;
        try
        {
            held = await ExclusiveFileLock.TryAcquireAsync(path, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new FederationIndexException(FederationErrorKind.RemoteFailure,
                $"The index's write lock {path} cannot be taken by this process ({exception.Message.TrimEnd('.')}), so the index could not be brought up to date. Make the town's federation folder writable for this user.",
                exception)
            {
                // Refused, not failed: a missing lock file that cannot be created for a full disk or a disk error is no
                // reason to answer from the index as it is.
                CannotWrite = WriteProbe.IsRefusal(exception),
            };
        }

        return held is not null
            ? new IndexWriteLock(held)
            : throw new FederationIndexException(FederationErrorKind.Conflict,
                $"Another process has held the index's write lock ({path}) for {timeout.TotalSeconds:0.#} s; the index was not updated. Try again when it has finished.");
    }

    public void Dispose() => _held.Dispose();
}
