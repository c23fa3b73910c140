using System.Globalization;

namespace GasTown.Federation.Model;

/// <summary>
/// The cheap identity of a local file: its size and last write time. Equal stamps mean the file is taken as unchanged
/// without reading it; a different stamp makes the indexer read it and compare its content hash, so a touched but
/// unchanged file costs one read and no parse. A folder's stamp is its last write time, which moves whenever an entry
/// is added, removed or renamed in it (how git replaces a ref: a lock file renamed over it).
/// </summary>
internal static class LocalStamp
{
    public const string Missing = "missing";

    // How coarse a file system's write times may be (FAT keeps two seconds): a file written this recently may be
    // written again without its write time moving.
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    private const string Racy = ":racy:";

    /// <summary>
    /// The file's stamp. A file whose write time is not older than now (less one <see cref="Tick"/>) is "racily clean",
    /// as git calls it: a same-length rewrite within the same tick would keep the stamp, so its stamp is unique and
    /// never equals another: the file is read (and its content hash compared) until its write time is safely past.
    /// </summary>
    public static string Of(FileInfo info)
    {
        if (!info.Exists)
        {
            return Missing;
        }

        var written = info.LastWriteTimeUtc;
        var stamp = string.Create(CultureInfo.InvariantCulture, $"{info.Length}:{written.Ticks}");
        return written > DateTime.UtcNow - Tick ? stamp + Racy + Guid.NewGuid().ToString("N") : stamp;
    }

    /// <summary>
    /// The stamp of what a read of <paramref name="path"/> gets (a git configuration file, <c>packed-refs</c>, a town.json):
    /// a link is stamped by the file it finally leads to, and by where that is, since the link's own size and time do not
    /// move when that file is written, nor when the link is pointed at another file of the same size and time. A link that
    /// leads nowhere is <see cref="Missing"/>, as a read finds nothing; one that loops has a stamp that equals no other.
    /// </summary>
    public static string Of(string path)
    {
        var info = new FileInfo(path);
        // The attributes come from the one stat FileInfo makes; only a link costs more (reading where it leads).
        if (!info.Exists || (info.Attributes & FileAttributes.ReparsePoint) == 0)
        {
            return Of(info);
        }

        try
        {
            // No target: a reparse point that is no link (a cloud placeholder, a deduplicated file on Windows), read as itself.
            if (info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo target)
            {
                return Of(info);
            }

            return Of(target) is var stamp && stamp != Missing ? string.Create(CultureInfo.InvariantCulture, $"{stamp}@{target.FullName}") : Missing;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unresolved" + Racy + Guid.NewGuid().ToString("N");
        }
    }

    /// <summary>
    /// The stamp of the file a load of the chain in <paramref name="folder"/> reads at <paramref name="relativePath"/>:
    /// found by <see cref="FolderChainSource.FindFile"/>, so a link is stamped by the file it leads to (the link's own
    /// size and time would not move when that file is written), and by where that is, as <see cref="Of(string)"/> does (a
    /// link pointed at another file of the same size and time). A path the folder refuses (a link that leaves it, a folder
    /// where the file should be) has a stamp that equals no other, as a racily clean file's, so it is judged again each time.
    /// </summary>
    public static string Of(FolderChainSource folder, string relativePath)
    {
        try
        {
            return folder.FindFile(relativePath) is { } file ? Of(folder, relativePath, file) : Missing;
        }
        catch (ChainPathException)
        {
            return "refused" + Racy + Guid.NewGuid().ToString("N");
        }
    }

    /// <summary>
    /// The stamp of <paramref name="file"/>, found by <see cref="FolderChainSource.FindFile"/> at
    /// <paramref name="relativePath"/>: where it is, too, when the path went through a link to get there.
    /// </summary>
    public static string Of(FolderChainSource folder, string relativePath, FileInfo file)
    {
        var stamp = Of(file);
        var unlinked = Path.GetFullPath(Path.Combine(folder.RealRootFolder, relativePath));
        return stamp == Missing || string.Equals(file.FullName, unlinked, StringComparison.Ordinal)
            ? stamp
            : string.Create(CultureInfo.InvariantCulture, $"{stamp}@{file.FullName}");
    }

    /// <summary>The folder's stamp, racily clean as a file's is (see <see cref="Of(FileInfo)"/>).</summary>
    public static string OfFolder(string path)
    {
        var info = new DirectoryInfo(path);
        if (!info.Exists)
        {
            return Missing;
        }

        var written = info.LastWriteTimeUtc;
        var stamp = string.Create(CultureInfo.InvariantCulture, $"d:{written.Ticks}");
        return written > DateTime.UtcNow - Tick ? stamp + Racy + Guid.NewGuid().ToString("N") : stamp;
    }

    /// <summary>Whether <paramref name="stamp"/> (one or several joined) holds a racily clean stamp, which nothing will ever equal.</summary>
    public static bool IsRacy(string stamp) => stamp.Contains(Racy, StringComparison.Ordinal);
}
