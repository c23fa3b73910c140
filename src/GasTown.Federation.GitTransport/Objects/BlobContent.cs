using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The one way a blob's bytes are read: inflated from the object database's own file as they are read when git stored
/// the blob whole (<see cref="InflatingBlobStream"/>: a loose object, or a pack entry that is not a delta), else through
/// libgit2 (<see cref="NativeBlobStream"/>: a delta, an object in an alternate database, a file this reader does not
/// know). Either way the bytes are checked against the blob's id before the stream reports its end.
/// </summary>
internal static class BlobContent
{
    /// <summary>Opens blob <paramref name="id"/> of <paramref name="repo"/>; its <see cref="Stream.Length"/> is the blob's size.</summary>
    /// <exception cref="GitTransportException">The blob cannot be read (missing, corrupt, or not a blob).</exception>
    public static Stream Open(Repository repo, ObjectId id)
        => (Stream?)InflatingBlobStream.TryOpen(Path.Combine(repo.Info.Path, "objects"), id) ?? NativeBlobStream.Open(repo, id);
}
