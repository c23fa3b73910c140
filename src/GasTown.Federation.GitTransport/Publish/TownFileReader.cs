using GasTown.Federation.Model;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Reads files of a town for publishing without ever following a link: the path that was checked is the file
/// that is read. On Linux every component below the town root is opened with <c>openat(2)</c> and
/// <c>O_NOFOLLOW</c>, from the descriptor of the folder before it, and the file is then checked with
/// <c>statx(2)</c> on its own descriptor (regular file, exactly one hard link). Swapping a file for a link, or a
/// folder for a link, between the check and the read is therefore impossible: there is no second lookup.
/// </summary>
/// <remarks>
/// <para>The town root itself is trusted as given (the owner chose it); everything below it is not.</para>
/// <para>Elsewhere (macOS, Windows) each component is checked for being a link before and after the read, which
/// narrows but does not close the race, and hard links cannot be seen; docs/security.md says so.</para>
/// </remarks>
internal sealed class TownFileReader(string townRoot)
{
    /// <summary>The town root, as given.</summary>
    public string TownRoot { get; } = Path.GetFullPath(townRoot);

    /// <summary>
    /// Reads <paramref name="relativePath"/> (a chain-relative path, <c>/</c>-separated), or returns
    /// <see langword="null"/> when it (or a folder on its way) does not exist.
    /// </summary>
    /// <exception cref="PublishException">A component is a link, the file is not a regular file, or it has more than one hard link.</exception>
    public byte[]? Read(string relativePath, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var components = Components(relativePath);
        return LibC.SupportsNoFollowOpen ? ReadNoFollow(relativePath, components) : ReadChecked(relativePath, components);
    }

    /// <summary>Whether the folder <paramref name="relativePath"/> exists as a real folder (no component a link).</summary>
    /// <exception cref="PublishException">A component is a link.</exception>
    public bool FolderExists(string relativePath)
    {
        var components = Components(relativePath);
        if (LibC.SupportsNoFollowOpen)
        {
            using var folder = OpenFolders(relativePath, components, components.Length);
            return folder is not null;
        }

        CheckNoLinks(relativePath, components, components.Length);
        return Directory.Exists(Path.Combine([TownRoot, .. components]));
    }

    /// <summary>
    /// Creates <paramref name="relativePath"/> with <paramref name="content"/>; fails if it exists. The folders on the
    /// way must exist and must not be links.
    /// </summary>
    public void CreateNew(string relativePath, byte[] content)
    {
        var components = Components(relativePath);
        if (LibC.SupportsNoFollowOpen)
        {
            using var folder = OpenFolders(relativePath, components, components.Length - 1)
                ?? throw new PublishException($"The folder of {relativePath} does not exist in {TownRoot}.");
            using var file = FileDescriptor.TryOpenAt(folder, components[^1], LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW, out var errno)
                ?? throw new PublishException($"Could not create {relativePath} in {TownRoot}: {FileDescriptor.ErrnoException("open", errno).Message}");
            using var handle = file.ToSafeFileHandle();
            RandomAccess.Write(handle, content, 0);
            return;
        }

        CheckNoLinks(relativePath, components, components.Length - 1);
        File.WriteAllBytes(Path.Combine([TownRoot, .. components]), content);
    }

    private static string[] Components(string relativePath)
    {
        if (ChainRelativePath.FindEscape(relativePath) is { } reason)
        {
            throw new PublishException($"The path '{relativePath}' cannot be published: {reason}.");
        }

        var components = ChainRelativePath.Components(relativePath);
        return components.Length > 0 ? components : throw new PublishException($"The path '{relativePath}' names the town root, not a file.");
    }

    private byte[]? ReadNoFollow(string relativePath, string[] components)
    {
        using var folder = OpenFolders(relativePath, components, components.Length - 1);
        if (folder is null)
        {
            return null;
        }

        // O_NONBLOCK: a FIFO planted under the file's name must not hang the publisher; it is refused below.
        var file = FileDescriptor.TryOpenAt(folder, components[^1], LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK, out var errno);
        if (file is null)
        {
            return errno switch
            {
                LibC.ENOENT => null,
                LibC.ELOOP => throw LinkRefused(relativePath, relativePath),
                _ => throw new PublishException($"{relativePath} in {TownRoot} cannot be opened ({FileDescriptor.ErrnoException("open", errno).Message}); refusing to publish it."),
            };
        }

        using (file)
        {
            var status = file.GetStatus();
            if (!status.IsRegularFile)
            {
                throw new PublishException($"{relativePath} in {TownRoot} is not a regular file; only regular files are published. Replace it with the file itself.");
            }

            if (status.LinkCount > 1)
            {
                throw HardLinkRefused(relativePath, status.LinkCount);
            }

            using var handle = file.ToSafeFileHandle();
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
    }

    /// <summary>Opens the first <paramref name="count"/> components as folders, none a link; null when one does not exist.</summary>
    private FileDescriptor? OpenFolders(string relativePath, string[] components, int count)
    {
        var current = FileDescriptor.TryOpenAt(null, TownRoot, LibC.O_RDONLY | LibC.O_DIRECTORY, out var errno);
        if (current is null)
        {
            return errno == LibC.ENOENT ? null : throw new PublishException($"The town folder {TownRoot} cannot be opened ({FileDescriptor.ErrnoException("open", errno).Message}).");
        }

        for (var i = 0; i < count; i++)
        {
            var next = FileDescriptor.TryOpenAt(current, components[i], LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW, out errno);
            if (next is null)
            {
                var failed = errno;
                var isLink = failed == LibC.ELOOP
                    || (failed == LibC.ENOTDIR && FileStatus.Of(current, components[i], LibC.AT_SYMLINK_NOFOLLOW).IsSymbolicLink);
                current.Dispose();
                if (isLink)
                {
                    throw LinkRefused(relativePath, string.Join('/', components[..(i + 1)]));
                }

                return failed is LibC.ENOENT or LibC.ENOTDIR ? null
                    : throw new PublishException($"{string.Join('/', components[..(i + 1)])} in {TownRoot} cannot be opened ({FileDescriptor.ErrnoException("open", failed).Message}); refusing to publish {relativePath}.");
            }

            current.Dispose();
            current = next;
        }

        return current;
    }

    private byte[]? ReadChecked(string relativePath, string[] components)
    {
        CheckNoLinks(relativePath, components, components.Length);
        var path = Path.Combine([TownRoot, .. components]);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        CheckNoLinks(relativePath, components, components.Length);
        return bytes;
    }

    private void CheckNoLinks(string relativePath, string[] components, int count)
    {
        var current = TownRoot;
        for (var i = 0; i < count; i++)
        {
            current = Path.Combine(current, components[i]);
            FileSystemInfo info = new FileInfo(current);
            if (info.Exists || (info = new DirectoryInfo(current)).Exists)
            {
                if (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    throw LinkRefused(relativePath, string.Join('/', components[..(i + 1)]));
                }
            }
        }
    }

    private PublishException LinkRefused(string relativePath, string link)
        => new($"{relativePath} in {TownRoot} cannot be published: '{link}' is a symbolic link. The publisher never follows links, because a link can lead outside the town or into a private rig, and what a link names can change between a check and a read. Replace the link with the real folder or file (or route the rig to its real folder) and publish again.");

    private PublishException HardLinkRefused(string relativePath, uint links)
        => new($"{relativePath} in {TownRoot} cannot be published: the file has {links} hard links, so the same data also lives under another name, perhaps a private rig's. Give it a copy of its own (e.g. cp --remove-destination) and publish again.");
}
