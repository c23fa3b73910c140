using System.Security.Cryptography;

namespace GasTown.Federation.Index;

/// <summary>
/// The zstd dictionary stored lines are compressed with (<see cref="StoredLine"/>, tag <c>0x02</c>): 32 KiB trained by
/// zstd's trainer (<c>ZstdSharp.DictBuilder.TrainFromBuffer(lines, 32768)</c>) on every line of the three upstream
/// beads files in <c>tests/Fixtures</c>, so it knows beads' keys, values and phrasing, and a line of a few hundred
/// bytes compresses on its own (no neighbour to learn from) to about 40% of its size.
/// </summary>
/// <remarks>
/// It is part of the stored format: every row written with tag <c>0x02</c> needs these exact bytes to read back. It must
/// never change; a better dictionary would be a new tag (and a schema version). <see cref="Sha256"/> pins it, and
/// <c>StoredLineDictionaryTests</c> trains it again from the fixtures and compares.
/// </remarks>
internal static class StoredLineDictionary
{
    /// <summary>The SHA-256 of <see cref="Bytes"/>, as hex.</summary>
    public const string Sha256 = "EE2B7D0A24B90E9E25D05C5260F7963B35A74744C640088DBF9449017F5F3968";

    private const string ResourceName = "GasTown.Federation.Index.StoredLineDictionary.zdict";

    /// <summary>The dictionary's bytes, read once from the assembly and checked against <see cref="Sha256"/>.</summary>
    public static byte[] Bytes { get; } = Load();

    private static byte[] Load()
    {
        using var stream = typeof(StoredLineDictionary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks its resource {ResourceName}: the build is broken.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        if (!string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), Sha256, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The resource {ResourceName} is not the dictionary stored lines were written with: the build is broken.");
        }

        return bytes;
    }
}
