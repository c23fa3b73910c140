namespace GasTown.Federation.Index;

/// <summary>
/// The zstd dictionary stored lines are compressed with (<see cref="StoredLine"/>, tag <c>0x02</c>): 32 KiB trained by
/// zstd's trainer (<c>ZstdSharp.DictBuilder.TrainFromBuffer(lines, 32768)</c>) on every line of the three upstream
/// beads files in <c>tests/Fixtures</c>, so it knows beads' keys, values and phrasing, and a line of a few hundred
/// bytes compresses on its own (no neighbour to learn from) to about 40% of its size.
/// </summary>
/// <remarks>
/// It is part of the stored format: every row written with tag <c>0x02</c> needs these exact bytes to read back. It must
/// never change; a better dictionary would be a new tag (and a schema version). <see cref="Sha256"/> pins it:
/// <c>StoredLineDictionaryTests</c> hashes the embedded bytes, trains them again from the fixtures and compares.
/// </remarks>
internal static class StoredLineDictionary
{
    /// <summary>The SHA-256 of <see cref="Bytes"/>, as hex.</summary>
    public const string Sha256 = "EE2B7D0A24B90E9E25D05C5260F7963B35A74744C640088DBF9449017F5F3968";

    private const string ResourceName = "GasTown.Federation.Index.StoredLineDictionary.zdict";

    /// <summary>The dictionary's bytes, read once from the assembly.</summary>
    /// <remarks>
    /// Not hashed here: <c>StoredLineDictionaryTests</c> checks these bytes against <see cref="Sha256"/> and the trainer, and
    /// hashing them at every start initialised OpenSSL for .NET in each fresh process (its configuration file read, its
    /// providers loaded) to check a resource the build embeds.
    /// </remarks>
    public static byte[] Bytes { get; } = Load();

    private static byte[] Load()
    {
        using var stream = typeof(StoredLineDictionary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks its resource {ResourceName}: the build is broken.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
