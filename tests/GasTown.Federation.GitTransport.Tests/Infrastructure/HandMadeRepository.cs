using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A git repository written with the git CLI, file by file, for trees our publisher would never
/// make: hostile remotes (escaping routes, symlinks, spoofed town.json) and one-rig repositories.
/// </summary>
internal sealed class HandMadeRepository
{
    public HandMadeRepository(string path, string branch = FederationRepository.PublishedBranch)
    {
        Path = path;
        Directory.CreateDirectory(path);
        GitCli.Run(path, "init", "--quiet", $"--initial-branch={branch}");
    }

    public string Path { get; }

    public HandMadeRepository Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public HandMadeRepository Copy(string relativePath, string sourceFile)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.Copy(sourceFile, full, overwrite: true);
        return this;
    }

    public HandMadeRepository Symlink(string relativePath, string target)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return this;
    }

    public string Commit(string message = "snapshot")
    {
        GitCli.Run(Path, "add", "-A");
        GitCli.Run(Path, "commit", "--quiet", "--allow-empty", "-m", message);
        return GitCli.Run(Path, "rev-parse", "HEAD").Trim();
    }

    public static string TownJson(string name, string owner)
        => $"{{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"{name}\",\n  \"owner\": \"{owner}\",\n  \"created_at\": \"2025-12-30T10:00:00Z\"\n}}";
}
