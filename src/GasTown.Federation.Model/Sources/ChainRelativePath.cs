namespace GasTown.Federation.Model;

/// <summary>
/// The rules for a path inside a chain, shared by routes and every <see cref="IChainSource"/> (implement a
/// source? call <see cref="ThrowIfEscapes"/> first): relative, <c>/</c> separators, no <c>..</c>, no NUL, no
/// backslash, no drive letter. <c>.</c> and empty components are harmless and dropped.
/// </summary>
public static class ChainRelativePath
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
            if (path.AsSpan(range) is "..")
            {
                return "it climbs out of the chain with '..'";
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
