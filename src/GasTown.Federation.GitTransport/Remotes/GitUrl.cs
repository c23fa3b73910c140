using System.Text.RegularExpressions;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The shapes of a git URL as git tells them apart, in one place: <c>scheme://…</c> (<c>file://</c> among them), git's
/// scp-like <c>[user@]host:path</c>, and a local path. Registering a remote, choosing how a fetch is bounded (a local
/// remote is packed in this process), saying a local remote's folder is gone and ending a stopped fetch's ssh child all
/// read a URL through it.
/// </summary>
internal static partial class GitUrl
{
    /// <summary>The scheme before <c>://</c>, or null when there is none.</summary>
    public static string? Scheme(string url)
    {
        var end = url.IndexOf("://", StringComparison.Ordinal);
        return end > 0 ? url[..end] : null;
    }

    /// <summary>
    /// Whether <paramref name="url"/> is git's scp-like ssh syntax: no scheme, and a host of two characters or more (a
    /// single letter before the ':' is a drive) ending at a ':' that comes before any slash.
    /// </summary>
    public static bool IsScpLike(string url) => Scheme(url) is null && ScpLikePattern().IsMatch(url);

    /// <summary>
    /// The repository folder of a remote libgit2 reaches through its local transport (<c>file://</c>, or a path: a
    /// relative one against the current folder, as libgit2 resolves it), or null for a network URL.
    /// </summary>
    public static string? LocalFolder(string url)
    {
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.LocalPath : null;
        }

        if (Scheme(url) is not null)
        {
            return null;
        }

        if (Path.IsPathFullyQualified(url))
        {
            return url;
        }

        return IsScpLike(url) ? null : Path.GetFullPath(url);
    }

    /// <summary>
    /// What is wrong with a local remote's folder, said for a person (there is no such folder; it is no git repository), or
    /// null when <paramref name="url"/> is a network URL or names a repository: libgit2 says "unsupported URL protocol" for
    /// a path that names nothing, and "could not find repository" as it would for a host.
    /// </summary>
    public static string? LocalProblem(string url)
    {
        if (LocalFolder(url) is not { } folder)
        {
            return null;
        }

        if (!Directory.Exists(folder))
        {
            return File.Exists(folder) ? $"{folder} is a file, not a repository's folder" : $"there is no repository at {folder} (no such folder)";
        }

        return LibGit2Sharp.Repository.IsValid(folder) ? null : $"{folder} is a folder but no git repository";
    }

    /// <summary>The repository's path on its host (what <c>git-upload-pack</c> is given), without a leading <c>/</c> or <c>~</c>.</summary>
    public static string RepositoryPath(string url)
    {
        string path;
        if (Scheme(url) is { } scheme)
        {
            var rest = url[(scheme.Length + 3)..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            path = slash < 0 ? string.Empty : rest[slash..];
        }
        else
        {
            path = IsScpLike(url) ? url[(url.IndexOf(':', StringComparison.Ordinal) + 1)..] : url;
        }

        return path.TrimStart('/', '~');
    }

    // user@host:path or host:path; a single letter before ':' would be a drive.
    [GeneratedRegex(@"^([^@/\\:\s]+@)?[^@/\\:\s]{2,}:", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLikePattern();
}
