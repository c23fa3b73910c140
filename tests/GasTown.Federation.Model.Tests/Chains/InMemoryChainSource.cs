using System.Security.Cryptography;
using System.Text;

namespace GasTown.Federation.Model.Tests.Chains;

/// <summary>
/// A chain source whose files live in memory and carry git blob ids as content ids (SHA-1 of
/// <c>"blob &lt;length&gt;\0" + content</c>, exactly what <c>git hash-object</c> prints), the way GitTransport's
/// git-tree source will. Counts reads so tests can see what the loader asked for.
/// </summary>
internal sealed class InMemoryChainSource : IChainSource
{
    private readonly Dictionary<string, byte[]> _files;

    public InMemoryChainSource()
        : this(new Dictionary<string, byte[]>(StringComparer.Ordinal))
    {
    }

    private InMemoryChainSource(Dictionary<string, byte[]> files) => _files = files;

    public string Description => "memory";

    public string? Revision { get; init; } = "0000000000000000000000000000000000000001";

    public int Reads { get; private set; }

    /// <summary>The same files at another commit (as after a fetch that changed nothing the chain reads).</summary>
    public InMemoryChainSource AtRevision(string revision) => new(_files) { Revision = revision };

    public InMemoryChainSource With(string path, string content)
    {
        _files[path] = Encoding.UTF8.GetBytes(content);
        return this;
    }

    public ValueTask<ChainFile?> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        Reads++;
        return ValueTask.FromResult(_files.TryGetValue(path, out var bytes) ? new ChainFile(path, bytes, GitBlobId(bytes)) : null);
    }

    public static string GitBlobId(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }
}
