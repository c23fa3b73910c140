using GasTown.Federation.Model;

namespace GasTown.Federation.Hosting;

/// <summary>
/// What a <see cref="Town"/> knows about itself before any service runs: its root and its
/// <c>mayor/town.json</c>, read once (synchronously: it is one small file, and a constructor or a DI
/// factory must not block on async code). Shared by the facade and the options that need the owner.
/// </summary>
internal sealed class TownContext
{
    private TownContext(string root, TownMetadata metadata, string metadataPath)
    {
        Root = root;
        Metadata = metadata;
        if (metadata.TryGetChain(out var chain, out var problem))
        {
            Chain = chain;
        }
        else
        {
            NoChain = $"The town at {root} has no gt:// chain: {problem} in its {Path.GetRelativePath(root, metadataPath).Replace('\\', '/')}";
        }
    }

    /// <summary>How to give a town a chain, said after <see cref="NoChain"/>.</summary>
    public const string ChainAdvice = "Set \"owner\" there to an email (alice@example.com) or a domain (acme.com), and \"name\" to a chain name (letters, digits, '.', '_', '-').";

    public string Root { get; }

    public TownMetadata Metadata { get; }

    public GtUri? Chain { get; }

    /// <summary>Why <see cref="Chain"/> is null (which field of town.json is wrong, and how), without a final period; null when there is a chain.</summary>
    public string? NoChain { get; }

    /// <summary>Reads <c>mayor/town.json</c> (or the seed's <c>.town.json</c>) under <paramref name="root"/>.</summary>
    /// <exception cref="FederationException">No such folder (<see cref="FederationErrorKind.NotFound"/>).</exception>
    /// <exception cref="TownMetadataException">No town.json there, or it is not valid.</exception>
    /// <exception cref="IOException">The town.json found cannot be read (a pipe, a device).</exception>
    public static TownContext Load(string root)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new FederationException(
                FederationErrorKind.NotFound,
                File.Exists(full)
                    ? $"Opening the town at {full} failed: it is a file, not a folder. Give the folder that holds {TownMetadata.RelativePath}."
                    : $"Opening the town at {full} failed: the folder does not exist. Give the folder that holds {TownMetadata.RelativePath}.");
        }

        return TownMetadata.ReadFile(full) is { } file
            ? new TownContext(full, TownMetadata.Parse(file.Bytes, file.Path), file.Path)
            : throw new TownMetadataException(
                $"no {TownMetadata.RelativePath} (nor {TownMetadata.SeedRelativePath}) in {full}, so it is not a town root",
                Path.Combine(full, TownMetadata.RelativePath));
    }
}
