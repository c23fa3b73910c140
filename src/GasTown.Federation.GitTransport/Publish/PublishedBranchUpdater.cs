using System.Text;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Moves <see cref="FederationRepository.PublishedBranchRef"/> by compare-and-swap, with git's own lock-file
/// protocol: take <c>refs/heads/gt/published.lock</c> (created exclusively, as git and libgit2 do), check that the
/// branch still points where the new commit's parent is, write the new id into the lock file and rename it over
/// the ref. A writer that moved the branch in between (git, another tool) makes the swap fail, and the caller
/// rebuilds its commit on the new tip. Publishers of this SDK never meet here: they hold the publish lock.
/// </summary>
internal static class PublishedBranchUpdater
{
    /// <summary>Tries to move the branch from <paramref name="expected"/> (null: the branch must not exist) to <paramref name="target"/>.</summary>
    /// <returns>Whether the swap happened; <see langword="false"/> when the branch moved or its lock is held.</returns>
    public static bool TrySwap(LibGit2Sharp.Repository repo, string repositoryPath, ObjectId? expected, ObjectId target)
    {
        var refPath = Path.Combine(repositoryPath, "refs", "heads", "gt", "published");
        Directory.CreateDirectory(Path.GetDirectoryName(refPath)!);
        var lockPath = refPath + ".lock";
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            return false;
        }

        var renamed = false;
        try
        {
            using (lockFile)
            {
                // Read the branch again now that nobody else can move it (packed or loose, as libgit2 reads it).
                var current = repo.Refs[FederationRepository.PublishedBranchRef]?.ResolveToDirectReference()?.TargetIdentifier;
                var expectedText = expected?.Sha;
                if (!string.Equals(current, expectedText, StringComparison.Ordinal))
                {
                    return false;
                }

                lockFile.Write(Encoding.ASCII.GetBytes(target.Sha + "\n"));
                lockFile.Flush(flushToDisk: true);
            }

            File.Move(lockPath, refPath, overwrite: true);
            renamed = true;
            return true;
        }
        finally
        {
            if (!renamed)
            {
                File.Delete(lockPath);
            }
        }
    }
}
