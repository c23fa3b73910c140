using System.Globalization;

namespace GasTown.Federation.Index;

/// <summary>
/// The cheap identity of a local file: its size and last write time. Equal stamps mean the file is taken as unchanged
/// without reading it; a different stamp makes the indexer read it and compare its content hash, so a touched but
/// unchanged file costs one read and no parse.
/// </summary>
internal static class LocalStamp
{
    public const string Missing = "missing";

    // How coarse a file system's write times may be (FAT keeps two seconds): a file written this recently may be
    // written again without its write time moving.
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

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
        return written > DateTime.UtcNow - Tick ? stamp + ":racy:" + Guid.NewGuid().ToString("N") : stamp;
    }

    public static string Of(string path) => Of(new FileInfo(path));
}
