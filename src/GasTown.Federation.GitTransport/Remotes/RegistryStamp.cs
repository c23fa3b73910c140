using System.Globalization;
using System.Text;
using GasTown.Federation.Model;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The stamp of the files a <see cref="RegistrySnapshot"/> is read from (<see cref="LocalStamp"/> of each, in a fixed
/// order), and which files those are: whether the files alone can vouch for what git would read, and if so, every one.
/// </summary>
/// <remarks>
/// <para>What git reads for the registry: the repository's <c>config</c>, the user's and the system's configuration
/// (where libgit2 looks for them follows the environment, so its variables are part of the stamp), and the files they
/// include; <c>packed-refs</c>; the town's <c>town.json</c> and <c>.town.json</c> (the registry leaves out a remote of the
/// town's own chain); and the folders holding each remote's candidate tracking refs and verified ref (git replaces a
/// ref by renaming a lock file over it, which moves the folder's write time, and a ref made or deleted in a folder moves
/// it too; see <see cref="RefFolders"/>).</para>
/// <para>Files alone cannot vouch for: a repository libgit2 opens through another folder (a work tree, a linked work
/// tree with <c>commondir</c>), per-work-tree configuration, an include whose path is relative (it would be resolved
/// from the file that names it) or that depends on the branch (<c>includeIf.onbranch</c>), a symbolic tracking or
/// verified ref (its target lives elsewhere), a one-rig remote whose tip is searched for by pattern (any branch in any folder
/// below the remote's), and anything on Apple silicon (<see cref="LibGit2Native.ConfigSearchPaths"/> is not asked
/// there). A host that moves libgit2's configuration search paths (<c>GlobalSettings.SetConfigSearchPaths</c>) must not
/// share a town's index with processes that do not: no file or variable says so. Nor does a stamp see that a
/// long-running process's repository handle, opened before the user's or the system's configuration file was made,
/// does not read it (libgit2 reads the files that existed when it opened the configuration, and those again when they
/// change): such a process may keep a snapshot without that file's entries, until the repository's own configuration
/// changes. LibGit2Sharp's way to ask the handle (<c>Configuration.HasConfig</c>) answers wrongly under Native AOT.</para>
/// </remarks>
internal static class RegistryStamp
{
    // Where libgit2 finds the user's and the system's configuration: another value, other files.
    // (On Windows also where it finds git.exe, whose installation holds the system configuration.)
    private static readonly string[] s_environment = OperatingSystem.IsWindows()
        ? ["HOME", "XDG_CONFIG_HOME", "USERPROFILE", "HOMEDRIVE", "HOMEPATH", "PROGRAMDATA", "APPDATA", "LOCALAPPDATA", "PATH"]
        : ["HOME", "XDG_CONFIG_HOME"];

    // The levels beside the repository's own, the file libgit2 reads at each, most local first.
    private static readonly (LibGit2Native.ConfigLevel Level, string File)[] s_levels =
    [
        (LibGit2Native.ConfigLevel.Xdg, "config"),
        (LibGit2Native.ConfigLevel.Global, ".gitconfig"),
        (LibGit2Native.ConfigLevel.System, "gitconfig"),
        (LibGit2Native.ConfigLevel.ProgramData, "config"),
    ];

    /// <summary>
    /// The configuration files libgit2 reads for <paramref name="repo"/> (most local first) and the files their includes
    /// name; null when a file it would read cannot be known from them (see the remarks).
    /// </summary>
    public static List<string>? ConfigurationFiles(LibGit2Sharp.Repository repo, FederationRepository repository)
    {
        if (!IsGitDirectory(repository.Path))
        {
            return null;
        }

        var files = new List<string> { Path.Combine(repository.Path, "config") };
        foreach (var (level, file) in s_levels)
        {
            if (LibGit2Native.ConfigSearchPaths(level) is not { } folders)
            {
                return null;
            }

            files.AddRange(folders.Select(folder => Path.Combine(folder, file)));
        }

        foreach (var entry in repo.Config)
        {
            var key = entry.Key.ToLowerInvariant();
            if (key == "extensions.worktreeconfig")
            {
                // config.worktree is read too (of the work tree opened): not ours to stamp.
                return null;
            }

            if (key.StartsWith("includeif.onbranch:", StringComparison.Ordinal))
            {
                // Included or not by the branch HEAD names, which no stamp covers.
                return null;
            }

            if (key.StartsWith("include", StringComparison.Ordinal) && key.EndsWith(".path", StringComparison.Ordinal))
            {
                // An include's target is stamped as a file of its own, conditional or not (a superset is safe).
                if (IncludedFile(entry.Value) is not { } included)
                {
                    return null;
                }

                files.Add(included);
            }
        }

        return files;
    }

    /// <summary>
    /// The folders a remote's refs are read from, repository-relative: those of its candidate tracking refs and of its
    /// verified ref. Null when its tip may be found by pattern instead (a one-rig remote without a branch whose
    /// candidates do not exist).
    /// </summary>
    /// <remarks>
    /// Folders, not the ref files: git and libgit2 write a ref by renaming a lock file over it, and make or delete one
    /// in its folder, all of which move the folder's write time; and a stat costs microseconds each (7 µs on this
    /// project's machine), a hundred remotes' refs and folders a fifth of a one-unit <c>gtfed show</c>. A ref file
    /// rewritten in place (by hand, not by git) is not seen until its folder changes.
    /// </remarks>
    public static IEnumerable<string>? RefFolders(RegisteredRemote remote, bool candidateExists)
    {
        if (remote.IsSingleRig && remote.Branch is null && !candidateExists)
        {
            return null;
        }

        return TrackingRefs.CandidateRefNames(remote).Append(TrackingRefs.VerifiedPrefix + remote.Name).Select(r => r[..r.LastIndexOf('/')]);
    }

    /// <summary>
    /// Where this process's libgit2 would find the configuration (the repository's folder and the environment), as
    /// text: processes that differ there read other files, so each keeps its own snapshot. Not hashed: a query that only
    /// asks whether the index is current would load the system's cryptography library for it.
    /// </summary>
    public static string EnvironmentKey(FederationRepository repository)
    {
        var environment = new StringBuilder();
        AppendEnvironment(environment, repository);
        return environment.ToString();
    }

    /// <summary>
    /// The stamp of <paramref name="repository"/>'s registry now: its folder, the environment, each of
    /// <paramref name="files"/> (absolute), <c>packed-refs</c>, the town's <c>town.json</c> files, and each of
    /// <paramref name="refFolders"/> (repository-relative), in that order.
    /// </summary>
    public static string Of(FederationRepository repository, IReadOnlyList<string> files, IReadOnlyList<string> refFolders)
    {
        var stamp = new StringBuilder(128 + (files.Count + refFolders.Count) * 24);
        AppendEnvironment(stamp, repository);

        foreach (var file in files.Append(Path.Combine(repository.Path, "packed-refs")))
        {
            Append(stamp, LocalStamp.Of(file));
        }

        if (repository.TownRoot is { } town)
        {
            Append(stamp, LocalStamp.Of(Path.Combine(town, TownMetadata.RelativePath)));
            Append(stamp, LocalStamp.Of(Path.Combine(town, TownMetadata.SeedRelativePath)));
        }

        foreach (var folder in refFolders)
        {
            Append(stamp, LocalStamp.OfFolder(Path.Combine(repository.Path, folder)));
        }

        return stamp.ToString();
    }

    private static void AppendEnvironment(StringBuilder stamp, FederationRepository repository)
    {
        Append(stamp, repository.Path);
        foreach (var variable in s_environment)
        {
            Append(stamp, Environment.GetEnvironmentVariable(variable));
        }
    }

    // Length-prefixed, so no two lists of values give the same stamp.
    private static void Append(StringBuilder stamp, string? value)
        => stamp.Append((value?.Length ?? -1).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');

    // A folder libgit2 opens as the repository itself (not a work tree holding .git), and not a linked work tree's.
    private static bool IsGitDirectory(string path)
        => File.Exists(Path.Combine(path, "HEAD")) && Directory.Exists(Path.Combine(path, "objects")) && Directory.Exists(Path.Combine(path, "refs"))
            && !File.Exists(Path.Combine(path, "commondir"));

    // An include's file when its path says it without the file that names it: absolute, or in the home folder.
    private static string? IncludedFile(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            return Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, path[2..]) : null;
        }

        return Path.IsPathFullyQualified(path) ? path : null;
    }
}
