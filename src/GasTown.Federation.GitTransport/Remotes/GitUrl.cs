using System.Text.RegularExpressions;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The shapes of a git URL as git tells them apart, in one place: <c>scheme://…</c> (<c>file://</c> among them), git's
/// scp-like <c>[user@]host:path</c>, and a local path. Registering a remote, choosing how a fetch is bounded (a local
/// remote is packed in this process), saying a local remote's folder is gone and ending a stopped fetch's ssh child all
/// read a URL through it.
/// </summary>
/// <remarks>
/// libgit2, which fetches, reads any URL without a scheme that holds a ':' as ssh (on Windows, unless it names a folder
/// there): <c>/srv/towns/a:b</c> is host <c>/srv/towns/a</c> to it, where git would read a path. A local path with a ':'
/// is therefore refused when registered (<c>file://</c> says it), and never taken as local here: a fetch must not size the
/// objects of one repository and receive another's pack unread.
/// </remarks>
internal static partial class GitUrl
{
    /// <summary>The scheme before <c>://</c>, or null when there is none.</summary>
    public static string? Scheme(string url)
    {
        var end = url.IndexOf("://", StringComparison.Ordinal);
        return end > 0 ? url[..end] : null;
    }

    /// <summary>
    /// Whether <paramref name="url"/> is git's scp-like ssh syntax: no scheme, and a host (a bracketed address among them)
    /// ending at a ':' that comes before any slash. On Windows a single letter before the ':' is a drive, not a host.
    /// </summary>
    public static bool IsScpLike(string url)
        => Scheme(url) is null && ScpLikePattern().Match(url) is { Success: true } match
            && (!OperatingSystem.IsWindows() || match.Groups["host"].Length > 1);

    /// <summary>
    /// Whether libgit2 fetches <paramref name="url"/> over ssh though it has no <c>ssh://</c>: no scheme and a ':' (on
    /// Windows, only when no folder is there). Scp-like text is read so by git too; anything else so read is a path to git
    /// and a host to libgit2, which the registry refuses.
    /// </summary>
    public static bool IsReadAsSsh(string url)
        => Scheme(url) is null && url.Contains(':', StringComparison.Ordinal) && !(OperatingSystem.IsWindows() && Directory.Exists(url));

    /// <summary>
    /// The repository folder of a remote libgit2 reaches through its local transport (<c>file://</c>, or a path: a
    /// relative one against the current folder, as libgit2 resolves it), or null for a URL it reaches over the network.
    /// </summary>
    public static string? LocalFolder(string url)
    {
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.LocalPath : null;
        }

        if (Scheme(url) is not null || IsReadAsSsh(url))
        {
            return null;
        }

        return Path.IsPathFullyQualified(url) ? url : Path.GetFullPath(url);
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
            path = ScpLikePattern().Match(url) is { Success: true } scp ? url[scp.Length..] : url;
        }

        return path.TrimStart('/', '~');
    }

    // user@host:path or host:path, the host a name or a bracketed address ([::1]); no slash before the ':'.
    [GeneratedRegex(@"^([^@/\\:\s\[]+@)?(?<host>\[[^\]/\\\s]+\]|[^@/\\:\s\[\]]+):", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLikePattern();
}
