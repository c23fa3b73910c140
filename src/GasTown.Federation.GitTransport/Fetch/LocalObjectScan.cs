using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Before a local remote (a path or <c>file://</c>) is fetched: the largest object its repository holds, read from each
/// object's header alone. libgit2 fetches such a remote by packing the objects itself, in this process, and reads each
/// one whole to do it (every branch of the remote, not only the one fetched): a file of 1.5 GB of zeros, a 1.6 MB pack,
/// cost 1.5 GB of memory before a single byte arrived. Over a network the server packs and this process streams what
/// it receives, so only local remotes need this. Every object counts, reachable or not: a superset of what the transfer
/// can read, at the cost of one header per object (a loose object's first bytes, a packed one's entry).
/// </summary>
internal static unsafe class LocalObjectScan
{
    /// <summary>The first object of the repository at <paramref name="path"/> larger than <paramref name="maxBytes"/>, or null when none is (or it cannot be opened: the fetch then says why).</summary>
    public static (string Id, long Size)? FindLarger(string path, long maxBytes, CancellationToken cancellationToken)
    {
        // git_repository_open, as libgit2's local transport opens the remote: what it cannot open, it cannot pack.
        if (LibGit2Native.RepositoryOpen(out var repository, path) < 0)
        {
            return null;
        }

        var odb = (nint)0;
        try
        {
            if (LibGit2Native.RepositoryOdb(out odb, repository) < 0)
            {
                return null;
            }

            var state = new ScanState(odb, maxBytes, cancellationToken);
            var handle = GCHandle.Alloc(state);
            try
            {
                _ = LibGit2Native.OdbForeach(odb, &Visit, GCHandle.ToIntPtr(handle));
            }
            finally
            {
                handle.Free();
            }

            cancellationToken.ThrowIfCancellationRequested();
            return state.Found;
        }
        finally
        {
            if (odb != 0)
            {
                LibGit2Native.OdbFree(odb);
            }

            LibGit2Native.RepositoryFree(repository);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Visit(LibGit2Native.GitOid* id, nint payload)
    {
        var state = (ScanState)GCHandle.FromIntPtr(payload).Target!;
        if (state.Token.IsCancellationRequested)
        {
            return 1;
        }

        // An object whose header cannot be read is left to the transfer, which fails on it the same way.
        if (LibGit2Native.OdbReadHeader(out var size, out _, state.Odb, id) < 0 || (long)size <= state.MaxBytes)
        {
            return 0;
        }

        state.Found = (Convert.ToHexStringLower(new ReadOnlySpan<byte>(id, 20)), (long)size);
        return 1;
    }

    private sealed class ScanState(nint odb, long maxBytes, CancellationToken token)
    {
        public nint Odb { get; } = odb;

        public long MaxBytes { get; } = maxBytes;

        public CancellationToken Token { get; } = token;

        public (string Id, long Size)? Found { get; set; }
    }
}
