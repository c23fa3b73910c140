using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>
/// Whether this process may write the index's file and folder, found by trying (SQLite's codes do not tell: CANTOPEN is
/// also too many open files or no inodes left, and a full disk is no lack of permission). Used only once a write has
/// failed, to decide whether a query may answer from the index as it is (<see cref="FederationIndexException.CannotWrite"/>).
/// </summary>
internal static class WriteProbe
{
    /// <summary>Whether writing the index file or creating a file beside it is refused (permissions, a read-only mount).</summary>
    public static bool Refused(string databasePath) => Try(databasePath) is { } failure && IsRefusal(failure);

    /// <summary>Whether a failure to write is a refusal (no permission, a read-only mount), not a full or failing disk.</summary>
    public static bool IsRefusal(Exception failure) => TownFileAccessException.IsRefusal(failure);

    /// <summary>Whether the index's folder is on a read-only mount (creating a file there fails with EROFS).</summary>
    public static bool OnReadOnlyMount(string databasePath) => Try(databasePath) is IOException io && ExclusiveFileLock.IsReadOnlyFileSystem(io);

    // Opens the file for writing (as SQLite would) and creates then deletes an empty file beside it (as its log needs);
    // the first failure, or null when both worked.
    private static Exception? Try(string databasePath)
    {
        try
        {
            if (File.Exists(databasePath))
            {
                using (new FileStream(databasePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
                {
                }
            }

            var probe = Path.Combine(Path.GetDirectoryName(databasePath)!, $".write-probe-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            return exception;
        }
    }
}
