using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The one way a blob's bytes are read. A blob of <see cref="StreamedFrom"/> bytes or more that git stored whole (a loose
/// object, or a pack entry that is not a delta) is inflated from the object database's own file as it is read
/// (<see cref="InflatingBlobStream"/>); anything else goes through libgit2 (<see cref="NativeBlobStream"/>: a smaller
/// blob, a delta, an object in an alternate database, a file this reader does not know). Either way the bytes are
/// checked against the blob's id before the stream reports its end.
/// </summary>
internal static class BlobContent
{
    /// <summary>
    /// The size from which a blob is streamed from its file. Finding it there opens each pack's index in turn (an observer
    /// gains a pack per fetch, and keeps them), which a small blob does not repay: libgit2's whole copy of it is small, and
    /// libgit2 keeps its pack indexes open. A large one does: its whole copy is the memory and a third of the time of a
    /// re-index of a 47 MB file. The bound itself is a judgement, not a measurement.
    /// </summary>
    public const long StreamedFrom = 1024 * 1024;

    /// <summary>Opens blob <paramref name="id"/> of <paramref name="repo"/>; its <see cref="Stream.Length"/> is the blob's size.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="id">The blob.</param>
    /// <param name="size">Its size, as its header says (<c>ObjectDatabase.RetrieveObjectMetadata</c>).</param>
    /// <param name="streamedFrom">The size from which it is streamed from its file (<see cref="StreamedFrom"/>; tests pass 0).</param>
    /// <exception cref="GitTransportException">The blob cannot be read (missing, corrupt, or not a blob).</exception>
    public static Stream Open(Repository repo, ObjectId id, long size, long streamedFrom = StreamedFrom)
        => (size >= streamedFrom ? InflatingBlobStream.TryOpen(Path.Combine(repo.Info.Path, "objects"), id) : null) as Stream
            ?? NativeBlobStream.Open(repo, id);
}
