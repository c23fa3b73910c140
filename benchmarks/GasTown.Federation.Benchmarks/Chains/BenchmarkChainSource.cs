using System.Security.Cryptography;
using System.Text;
using GasTown.Federation.Model;

namespace GasTown.Federation.Benchmarks.Chains;

/// <summary>
/// A chain held in memory with git blob ids as content ids and a commit id as revision, standing in for
/// GitTransport's git-tree source so the benchmark measures the loader, not disk or libgit2.
/// </summary>
internal sealed class BenchmarkChainSource : IChainSource
{
    private readonly Dictionary<string, ChainFile> _files;

    public BenchmarkChainSource(IReadOnlyDictionary<string, byte[]> files, string revision)
        : this(files.ToDictionary(f => f.Key, f => new ChainFile(f.Key, f.Value, BlobId(f.Value)), StringComparer.Ordinal), revision)
    {
    }

    private BenchmarkChainSource(Dictionary<string, ChainFile> files, string revision)
    {
        _files = files;
        Revision = revision;
    }

    /// <summary>The same blobs at another commit (blob ids already computed, as git stores them).</summary>
    public BenchmarkChainSource AtRevision(string revision) => new(_files, revision);

    public string Description => "benchmark";

    public string? Revision { get; }

    public ValueTask<ChainFile?> ReadFileAsync(string path, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_files.GetValueOrDefault(path));

    private static string BlobId(byte[] content)
        => Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));
}
