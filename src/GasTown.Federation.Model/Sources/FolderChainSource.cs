namespace GasTown.Federation.Model;

/// <summary>
/// A chain read from a folder on disk: a live town (<c>~/gt</c>) or a checked-out snapshot.
/// Refuses every path that would leave the folder, including symbolic links that point outside it
/// (links that stay inside, like upstream's <c>&lt;rig&gt;/.beads → mayor/rig/.beads</c>, are followed).
/// </summary>
/// <remarks>
/// <see cref="ChainFile.ContentId"/> is always null: a folder can change between two reads, so the
/// loader parses its files every time. <see cref="Revision"/> is null for the same reason.
/// </remarks>
public sealed class FolderChainSource : IChainSource
{
    private readonly string _root;

    /// <summary>Reads the chain in <paramref name="rootFolder"/>.</summary>
    /// <param name="rootFolder">The chain's root folder (the town root). It need not exist yet; reads then find no files.</param>
    public FolderChainSource(string rootFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFolder);
        RootFolder = Path.GetFullPath(rootFolder);
        _root = RealPath.Resolve(RootFolder);
    }

    /// <summary>The full path of the chain's root folder.</summary>
    public string RootFolder { get; }

    /// <summary>Where the root folder really is, links resolved: where <see cref="FindFile"/> finds a file not reached through a link.</summary>
    internal string RealRootFolder => _root;

    /// <inheritdoc />
    public string Description => $"folder {RootFolder}";

    /// <inheritdoc />
    public string? Revision => null;

    /// <inheritdoc />
    /// <exception cref="ChainPathException">The path is absolute, contains <c>..</c>, a backslash or NUL, goes through a link that points outside the folder, or names a folder.</exception>
    public async ValueTask<ChainFile?> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        if (FindFile(path) is not { } file)
        {
            return null;
        }

        try
        {
            var content = await LocalFile.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            return new ChainFile(path, content, ContentId: null);
        }
        catch (FileNotFoundException)
        {
            // Deleted between the check and the read: the same as never there.
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>The size of the file <see cref="ReadFileAsync(string, CancellationToken)"/> would read, from the file system.</remarks>
    /// <exception cref="ChainPathException">As <see cref="ReadFileAsync(string, CancellationToken)"/>.</exception>
    public ValueTask<long?> GetFileSizeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(FindFile(path)?.Length);
    }

    /// <summary>
    /// The file <see cref="ReadFileAsync(string, CancellationToken)"/> would read at <paramref name="path"/>, without reading
    /// it: links on the way resolved and kept inside the folder, the real file's size and write time at hand (the federation
    /// index stamps the local town's files with them, and must find them by this same rule). Null when there is no such file.
    /// </summary>
    /// <exception cref="ChainPathException">
    /// The path leaves the folder (as <see cref="ReadFileAsync(string, CancellationToken)"/>), or a folder stands where the
    /// file should be: that is damaged data to be said, not an absent file (a rig read as having no work).
    /// </exception>
    internal FileInfo? FindFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = ResolveInside(path);
        if (fullPath is null)
        {
            return null;
        }

        if (Directory.Exists(fullPath))
        {
            throw new ChainPathException(path, $"'{path}' is a folder where a file should be", Description);
        }

        var file = new FileInfo(fullPath);
        return file.Exists ? file : null;
    }

    /// <summary>
    /// Walks <paramref name="path"/> one component at a time from the root, following links and checking
    /// after each step that the real location is still inside the root. Returns null when a component is missing.
    /// </summary>
    private string? ResolveInside(string path)
    {
        ChainRelativePath.ThrowIfEscapes(path, Description);
        var current = _root;
        foreach (var component in ChainRelativePath.Components(path))
        {
            var next = Path.Combine(current, component);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists && info.LinkTarget is null)
            {
                return null;
            }

            if (info.LinkTarget is not null)
            {
                string real;
                try
                {
                    // Resolved component by component (not FileSystemInfo.FullName, which applies '..' to the text).
                    real = RealPath.Resolve(next);
                }
                catch (IOException exception)
                {
                    throw new ChainPathException(path, $"'{component}' is a symbolic link that cannot be resolved ({exception.Message})", Description);
                }

                if (!IsInside(real))
                {
                    throw new ChainPathException(path, $"'{component}' is a symbolic link to '{info.LinkTarget}' ({real}), outside the chain folder", Description);
                }

                if (!File.Exists(real) && !Directory.Exists(real))
                {
                    return null;
                }

                next = real;
            }

            current = next;
        }

        return current;
    }

    private bool IsInside(string fullPath) => RealPath.IsUnder(fullPath, _root);
}
