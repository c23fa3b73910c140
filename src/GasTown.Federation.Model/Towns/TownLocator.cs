namespace GasTown.Federation.Model;

/// <summary>Finds the town a folder belongs to, the way upstream's gt and bd do.</summary>
public static class TownLocator
{
    /// <summary>
    /// Walks up from <paramref name="startFolder"/> (itself included, symbolic links resolved) to the
    /// nearest folder that holds <c>mayor/town.json</c>, upstream's town-root marker. A folder with the
    /// seed document's <c>.town.json</c> counts too, so towns written from the seed are found.
    /// </summary>
    /// <param name="startFolder">Where to start, usually the current directory.</param>
    /// <returns>The town root's full path, or null when no ancestor is a town.</returns>
    /// <remarks>
    /// Only the town.json file marks a town, not a bare <c>mayor/</c> folder: every rig has a
    /// <c>&lt;rig&gt;/mayor/rig</c> clone, so a <c>mayor/</c> folder alone would stop the walk inside a rig.
    /// </remarks>
    public static string? FindTownRoot(string startFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(startFolder);
        var current = new DirectoryInfo(Path.GetFullPath(startFolder));
        if (current.LinkTarget is not null && current.ResolveLinkTarget(returnFinalTarget: true) is DirectoryInfo target)
        {
            current = target;
        }

        while (current is not null)
        {
            if (File.Exists(Path.Combine(current.FullName, "mayor", "town.json"))
                || File.Exists(Path.Combine(current.FullName, TownMetadata.SeedRelativePath)))
            {
                return Path.TrimEndingDirectorySeparator(current.FullName);
            }

            current = current.Parent;
        }

        return null;
    }
}
