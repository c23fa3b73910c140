namespace GasTown.Federation.TestSupport;

/// <summary>
/// The files this process has mapped into memory, as Linux lists them in <c>/proc/self/maps</c>: for tests that check
/// libgit2 let go of a repository's pack files (it keeps a pack mapped while a handle that read it lives).
/// </summary>
public static class MappedFiles
{
    /// <summary>The mappings of files under <paramref name="folder"/> (one line of <c>/proc/self/maps</c> each); Linux only.</summary>
    public static List<string> Under(string folder)
        => [.. File.ReadLines("/proc/self/maps").Where(line => line.Contains(folder, StringComparison.Ordinal))];
}
