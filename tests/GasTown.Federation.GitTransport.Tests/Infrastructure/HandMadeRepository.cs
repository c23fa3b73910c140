using GasTown.Federation.TestSupport;

namespace GasTown.Federation.GitTransport.Tests;

/// <summary>
/// A git repository written with the git CLI, file by file, for trees our publisher would never
/// make: hostile remotes (escaping routes, symlinks, spoofed town.json) and one-rig repositories.
/// </summary>
internal sealed class HandMadeRepository
{
    private readonly List<(string Path, string Blob)> _blobs = [];

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

    public HandMadeRepository WriteBytes(string relativePath, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    /// <summary>
    /// Puts a blob of <paramref name="size"/> zero bytes at <paramref name="relativePath"/> through git's own object
    /// writing (<c>git hash-object -w</c> of a sparse file), so a huge blob costs kilobytes on disk and on the wire.
    /// </summary>
    public HandMadeRepository ZeroBlob(string relativePath, long size)
    {
        var sparse = System.IO.Path.Combine(Path, ".git", "sparse-" + Guid.NewGuid().ToString("N"));
        using (var stream = new FileStream(sparse, FileMode.CreateNew))
        {
            stream.SetLength(size);
        }

        return BlobFrom(relativePath, sparse, deleteSource: true);
    }

    /// <summary>Puts the content of <paramref name="sourceFile"/> at <paramref name="relativePath"/> as a blob written by git, not checked out.</summary>
    public HandMadeRepository BlobFrom(string relativePath, string sourceFile, bool deleteSource = false)
    {
        var blob = GitCli.Run(Path, "hash-object", "-w", sourceFile).Trim();
        if (deleteSource)
        {
            File.Delete(sourceFile);
        }

        _blobs.Add((relativePath, blob));
        return this;
    }

    /// <summary>
    /// Creates <paramref name="count"/> extra branches at HEAD, written as git's own <c>packed-refs</c> file (what
    /// <c>git pack-refs</c> leaves after creating them one by one), then checked with <c>git for-each-ref</c>.
    /// </summary>
    public HandMadeRepository Branches(int count)
    {
        var head = GitCli.Run(Path, "rev-parse", "HEAD").Trim();
        var lines = Enumerable.Range(0, count).Select(i => $"{head} refs/heads/noise/b{i:D5}").Order(StringComparer.Ordinal);
        File.WriteAllText(System.IO.Path.Combine(Path, ".git", "packed-refs"), "# pack-refs with: peeled fully-peeled sorted \n" + string.Join("\n", lines) + "\n");
        var listed = GitCli.Run(Path, "for-each-ref", "--count", (count + 10).ToString(System.Globalization.CultureInfo.InvariantCulture), "refs/heads/noise/")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        if (listed != count)
        {
            throw new InvalidOperationException($"git lists {listed} noise branches, not {count}");
        }

        return this;
    }

    public string Commit(string message = "snapshot")
    {
        GitCli.Run(Path, "add", "-A");
        foreach (var (path, blob) in _blobs)
        {
            GitCli.Run(Path, "update-index", "--add", "--cacheinfo", $"100644,{blob},{path}");
        }

        GitCli.Run(Path, "commit", "--quiet", "--allow-empty", "-m", message);
        return GitCli.Run(Path, "rev-parse", "HEAD").Trim();
    }

    public static string TownJson(string name, string owner)
        => $"{{\n  \"type\": \"town\",\n  \"version\": 2,\n  \"name\": \"{name}\",\n  \"owner\": \"{owner}\",\n  \"created_at\": \"2025-12-30T10:00:00Z\"\n}}";
}
