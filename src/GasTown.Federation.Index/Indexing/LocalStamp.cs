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

    public static string Of(FileInfo info)
        => info.Exists ? string.Create(CultureInfo.InvariantCulture, $"{info.Length}:{info.LastWriteTimeUtc.Ticks}") : Missing;

    public static string Of(string path) => Of(new FileInfo(path));
}
