namespace GasTown.Federation.Model;

/// <summary>
/// The SDK's one rule for a path inside a chain, applied to every route (<see cref="Route"/>, <see cref="RouteTable"/>),
/// every read from a folder (<see cref="FolderChainSource"/>) or a git tree (GitTransport's tree source) and the
/// publisher's routes: relative, <c>/</c> separators, no <c>..</c> component, no <c>.git</c> component (any case),
/// no control character (NUL included), no backslash, no drive letter. <c>.</c> and empty components are harmless
/// and dropped by <see cref="Normalize"/>.
/// </summary>
/// <remarks>
/// Internal, shared with GitTransport through <c>InternalsVisibleTo</c>: it is a mechanism of the SDK's sources, not a
/// utility for hosts (issue 10), and the packages are built and released together at one version.
/// </remarks>
internal static class ChainRelativePath
{
    /// <summary>Returns why <paramref name="path"/> would leave the chain root, or null when it stays inside.</summary>
    /// <param name="path">A path relative to the chain root.</param>
    /// <returns>The reason, e.g. "it climbs out of the chain with '..'", or null.</returns>
    public static string? FindEscape(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return "it is empty";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "it contains a NUL character";
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return "it contains a control character";
            }
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "it contains a backslash; chain paths use '/' only";
        }

        if (path[0] == '/')
        {
            return "it is absolute";
        }

        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
        {
            return "it is absolute (a drive letter)";
        }

        foreach (var range in path.AsSpan().Split('/'))
        {
            var component = path.AsSpan(range);
            if (component is "..")
            {
                return "it climbs out of the chain with '..'";
            }

            if (component.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                // A chain's files never live in git's own folder; reading or publishing from there leaks the repository.
                return "it names a '.git' folder";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="ChainPathException"/> when the path would leave the chain root.</summary>
    /// <param name="path">A path relative to the chain root.</param>
    /// <param name="source">Where the path came from, for the message (a file and line, a source description), or null.</param>
    /// <exception cref="ChainPathException">The path would leave the chain root.</exception>
    public static void ThrowIfEscapes(string path, string? source = null)
    {
        if (FindEscape(path) is { } reason)
        {
            throw new ChainPathException(path, reason, source);
        }
    }

    /// <summary>The components of a safe path, without <c>.</c> and empty ones (<c>./a//b/</c> → a, b).</summary>
    /// <param name="path">A path that passed <see cref="FindEscape"/>.</param>
    /// <returns>The components.</returns>
    public static string[] Components(string path)
        => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".").ToArray();

    /// <summary>The normalised form of a safe path (<c>./a//b/</c> → <c>a/b</c>; the root → empty string).</summary>
    /// <param name="path">A path that passed <see cref="FindEscape"/>.</param>
    /// <returns>The normalised path.</returns>
    public static string Normalize(string path) => string.Join('/', Components(path));
}
