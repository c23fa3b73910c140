using System.Security.Cryptography;
using System.Text;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// A rig's publication identity, which survives renames and does not survive deletion: a random id kept in
/// <c>&lt;town&gt;/&lt;rig&gt;/.gtfed-publish</c>, written the first time the rig is named public. Moving the rig
/// folder moves the id with it; deleting the folder deletes it, so a new rig that takes an old name starts out
/// private. A rig is public when its id and the route prefix are both recorded (<see cref="PublishedRig"/>), so a
/// copy of the folder under another prefix stays private too.
/// </summary>
/// <remarks>
/// The rig folder is the first component of the route path, which in upstream's layout (<c>&lt;rig&gt;/mayor/rig</c>)
/// is not itself a git work tree, so the marker is never committed into the rig's own repository.
/// </remarks>
internal static class RigIdentity
{
    /// <summary>The marker's file name inside the rig folder.</summary>
    public const string FileName = ".gtfed-publish";

    /// <summary>The marker's path relative to the town root.</summary>
    public static string PathOf(string rig) => rig + "/" + FileName;

    /// <summary>The rig's identity, or <see langword="null"/> when it has no valid marker (or its folder is missing).</summary>
    /// <exception cref="PublishException">The rig folder or the marker is a link, or the marker has hard links.</exception>
    public static string? Read(TownFileReader reader, string rig, CancellationToken cancellationToken)
    {
        var bytes = reader.Read(PathOf(rig), cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes).Trim();
        return IsValid(text) ? text : null;
    }

    /// <summary>The rig's identity, creating the marker if the rig has none.</summary>
    /// <exception cref="PublishException">The rig folder is missing or a link, or the marker cannot be written.</exception>
    public static string GetOrCreate(TownFileReader reader, string rig, CancellationToken cancellationToken)
    {
        if (Read(reader, rig, cancellationToken) is { } existing)
        {
            return existing;
        }

        if (!reader.FolderExists(rig))
        {
            throw new PublishException($"The rig '{rig}' has no folder in {reader.TownRoot}; there is nothing to publish. Create the rig first.");
        }

        if (reader.Read(PathOf(rig), cancellationToken) is not null)
        {
            throw new PublishException($"{PathOf(rig)} in {reader.TownRoot} is not a publication marker this SDK wrote; remove it and publish again.");
        }

        var identity = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        reader.CreateNew(PathOf(rig), Encoding.UTF8.GetBytes(identity + "\n"));
        return identity;
    }

    /// <summary>Whether <paramref name="text"/> is an identity this SDK writes (32 lower-case hex digits).</summary>
    public static bool IsValid(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);
}
