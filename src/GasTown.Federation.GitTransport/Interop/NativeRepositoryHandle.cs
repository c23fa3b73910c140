using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// libgit2's own <c>git_repository</c> for a LibGit2Sharp <see cref="Repository"/>, opened once and kept as long as that
/// repository object lives (a town's shared handle, until the town is disposed or an index pass closes it after a
/// chain: <see cref="FederationRepository.ReleasePacks"/>), so that reading a signature through
/// <see cref="LibGit2Native"/> does not open the repository again for every chain a query judges. Used under the same
/// lock as the repository it belongs to (libgit2's repositories are not for concurrent use).
/// </summary>
internal sealed class NativeRepositoryHandle : SafeHandle
{
    private static readonly ConditionalWeakTable<Repository, NativeRepositoryHandle> Handles = new();

    private NativeRepositoryHandle(nint handle)
        : base(0, ownsHandle: true) => SetHandle(handle);

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>The native repository of <paramref name="repository"/>, opened the first time it is asked for.</summary>
    /// <exception cref="GitTransportException">libgit2 cannot open it.</exception>
    public static NativeRepositoryHandle For(Repository repository) => Handles.GetValue(repository, Open);

    /// <summary>
    /// Frees the native repository of <paramref name="repository"/> now, if one was opened: for a repository opened for
    /// one call, whose handle would otherwise wait for the finalizer (open files, mapped packs).
    /// </summary>
    public static void Release(Repository repository)
    {
        if (Handles.TryGetValue(repository, out var native))
        {
            Handles.Remove(repository);
            native.Dispose();
        }
    }

    /// <summary>Disposes <paramref name="repository"/> and the native repository opened for it, if any.</summary>
    public static void Close(Repository repository)
    {
        Release(repository);
        repository.Dispose();
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LibGit2Native.RepositoryFree(handle);
        return true;
    }

    private static NativeRepositoryHandle Open(Repository repository)
    {
        var path = repository.Info.Path;
        var opened = repository.Info.IsBare ? LibGit2Native.RepositoryOpenBare(out var native, path) : LibGit2Native.RepositoryOpen(out native, path);
        return opened < 0
            ? throw new GitTransportException($"{path} cannot be opened to read a commit's signature: {LibGit2Native.LastError()}")
            : new NativeRepositoryHandle(native);
    }
}
