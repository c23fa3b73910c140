namespace GasTown.Federation.Model;

/// <summary>
/// realpath(3) for the SDK's path checks: every component of the path is resolved, links in parent
/// folders included, and <c>..</c> is applied to the already resolved folder rather than to the text,
/// so <c>link/..</c> means the link target's parent as the operating system sees it. Reading from
/// folders (<see cref="FolderChainSource"/>) and publishing a town both decide "is this file inside
/// that folder?" with it.
/// </summary>
/// <remarks>Internal, shared with GitTransport's publisher through <c>InternalsVisibleTo</c>: a mechanism, not a host utility (issue 10).</remarks>
internal static class RealPath
{
    // Linux gives up after 40 links (ELOOP); a cycle must end with an error, not a stack overflow.
    private const int MaxLinks = 40;

    /// <summary>The real path of <paramref name="path"/> (absolute); missing components are kept as written.</summary>
    /// <exception cref="IOException">Too many levels of symbolic links.</exception>
    public static string Resolve(string path)
    {
        var links = 0;
        return Path.TrimEndingDirectorySeparator(Walk(path, ref links));
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it (both real paths).</summary>
    public static bool IsUnder(string path, string folder)
        => path == folder
           || path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Walk(string path, ref int links)
    {
        if (!Path.IsPathRooted(path))
        {
            throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
        }

        var root = Path.GetPathRoot(path) ?? string.Empty;
        var current = root;
        foreach (var component in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                // current is already real, so its parent is the real parent.
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, component);
            // FileInfo reads the link itself (lstat) whether it points to a file or a folder.
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"Too many levels of symbolic links under '{path}'.");
                }

                // A relative target is relative to the folder holding the link.
                next = Walk(Path.IsPathRooted(target) ? target : Path.Combine(current, target), ref links);
            }

            current = next;
        }

        return current.Length == 0 ? root : current;
    }
}
