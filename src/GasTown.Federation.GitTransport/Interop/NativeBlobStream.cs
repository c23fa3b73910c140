using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// A blob's bytes as a stream over libgit2's own copy of them, looked up once. LibGit2Sharp's
/// <see cref="Blob.GetContentStream()"/> looks the blob up twice (once for its size, once for its bytes) and libgit2 does
/// not cache blobs, so a 47 MB issues file was inflated and its SHA-1 checked twice per index: half of a re-index's time.
/// The lookup still checks the object's hash (libgit2's strict hash verification stays on).
/// </summary>
internal sealed unsafe class NativeBlobStream : UnmanagedMemoryStream
{
    private readonly NativeRepositoryHandle _repository;
    private nint _blob;

    private NativeBlobStream(NativeRepositoryHandle repository, nint blob, byte* content, long length)
        : base(content, length)
    {
        _repository = repository;
        _blob = blob;
    }

    /// <summary>Opens blob <paramref name="id"/> of <paramref name="repo"/>; dispose the stream to free it.</summary>
    /// <exception cref="GitTransportException">libgit2 cannot read the blob (missing, corrupt, or not a blob).</exception>
    public static NativeBlobStream Open(Repository repo, ObjectId id)
    {
        var native = NativeRepositoryHandle.For(repo);
        var added = false;
        try
        {
            native.DangerousAddRef(ref added);
            var oid = default(LibGit2Native.GitOid);
            id.RawId.CopyTo(oid);
            if (LibGit2Native.BlobLookup(out var blob, native.DangerousGetHandle(), ref oid) < 0)
            {
                throw new GitTransportException($"The blob {id.Sha} in {repo.Info.Path} cannot be read: {LibGit2Native.LastError()}");
            }

            try
            {
                var stream = new NativeBlobStream(native, blob, LibGit2Native.BlobRawContent(blob), checked((long)LibGit2Native.BlobRawSize(blob)));
                added = false; // the stream releases the reference
                return stream;
            }
            catch
            {
                LibGit2Native.BlobFree(blob);
                throw;
            }
        }
        finally
        {
            if (added)
            {
                native.DangerousRelease();
            }
        }
    }

    /// <summary>Frees the blob of a stream nobody disposed (the repository's handle would otherwise never be freed).</summary>
    ~NativeBlobStream() => Dispose(false);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        var blob = Interlocked.Exchange(ref _blob, 0);
        if (blob != 0)
        {
            LibGit2Native.BlobFree(blob);
            _repository.DangerousRelease();
        }

        base.Dispose(disposing);
    }
}
