namespace GasTown.Federation.TestSupport;

/// <summary>
/// The repository's root folder (the one holding Federation.Sdk.sln), found upwards from the test binaries: for tests
/// that read the repository's own files (READMEs, samples) or build and pack its projects.
/// </summary>
public static class RepositoryRoot
{
    /// <summary>The root folder's full path.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Federation.Sdk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Federation.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
