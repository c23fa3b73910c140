using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.TestSupport;
using LibGit2Sharp;

namespace GasTown.Federation.Benchmarks.GitTransport;

/// <summary>
/// DESIGN §10 / brief: the cold first read of a fetched chain whose rig holds 100,000 issues
/// (~50 MB blob), against a raw blob read through LibGit2Sharp's content stream plus
/// <see cref="Utf8JsonReader"/> tokenising the same bytes (the baseline: nothing can read and
/// understand the blob faster). <c>ColdChainLoad</c> is GitTreeChainSource + Model's ChainLoader
/// with an empty blob cache (read, parse, index); <c>NewSnapshotSameBlob</c> loads a later commit
/// whose issues blob did not change (only relationships.jsonl did): the content-addressed blob
/// cache skips the parse, the blob is still read from git. The loader's own per-commit chain cache
/// is bypassed in both, so each invocation really reads the tree.
/// </summary>
[MemoryDiagnoser]
public class ColdBlobReadBenchmarks
{
    private const string IssuesPath = "backend/mayor/rig/.beads/issues.jsonl";
    private TempDirectory? _root;
    private FederationRepository? _repository;
    private LibGit2Sharp.Repository? _raw;
    private string _commit = "";
    private string _laterCommit = "";
    private ObjectId? _blobId;
    private ParsedBlobCache? _warmCache;
    private readonly ChainLoadOptions _options = new() { ExpectedChain = GtUri.Parse(GitBenchmarkTown.ChainText) };

    [Params(100_000)]
    public int Issues { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = new TempDirectory("gtfed-bench-cold");
        var root = _root.Path;
        GitBenchmarkTown.CreateAsync(root, Issues).GetAwaiter().GetResult();
        _repository = FederationRepository.ForTown(root);
        _raw = new LibGit2Sharp.Repository(_repository.Path);
        var tip = _raw.Refs[FederationRepository.PublishedBranchRef]!.ResolveToDirectReference()!.Target as Commit;
        _commit = tip!.Sha;
        _blobId = ((Blob)tip[IssuesPath].Target).Id;
        // A later publication in which only relationships.jsonl changed: same issues blob, new commit.
        Directory.CreateDirectory(Path.Combine(root, "federation"));
        File.WriteAllText(Path.Combine(root, "federation", "relationships.jsonl"), "{\"type\":\"employment\",\"entity\":\"max@acme.com\",\"organization\":\"acme.com\"}\n");
        var later = new TownPublisher(_repository, root).PublishAsync(new PublishOptions { Actor = "mayor", Owner = "ops@acme.com" }).GetAwaiter().GetResult();
        _laterCommit = later.Commit;
        _warmCache = new ParsedBlobCache();
        var chain = new ChainLoader(new BlobOnlyCache(_warmCache)).LoadAsync(new GitTreeChainSource(_repository, _commit), _options).AsTask().GetAwaiter().GetResult();
        if (chain.WorkUnits.Count() != Issues)
        {
            throw new InvalidOperationException($"setup: loaded {chain.WorkUnits.Count()} work units, expected {Issues}");
        }
    }

    [Benchmark(Baseline = true)]
    public long RawBlobReadAndTokenise()
    {
        var blob = _raw!.Lookup<Blob>(_blobId);
        var bytes = new byte[blob.Size];
        using (var stream = blob.GetContentStream())
        {
            stream.ReadExactly(bytes);
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        long tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark]
    public int ColdChainLoad()
    {
        var chain = new ChainLoader(new ParsedBlobCache()).LoadAsync(new GitTreeChainSource(_repository!, _commit), _options).AsTask().GetAwaiter().GetResult();
        return chain.Rigs.Count;
    }

    [Benchmark]
    public int NewSnapshotSameBlob()
    {
        var chain = new ChainLoader(new BlobOnlyCache(_warmCache!)).LoadAsync(new GitTreeChainSource(_repository!, _laterCommit), _options).AsTask().GetAwaiter().GetResult();
        return chain.Rigs.Count;
    }

    /// <summary>Shares parsed blobs but never whole chains, so every load reads the commit's tree.</summary>
    private sealed class BlobOnlyCache(IParsedBlobCache inner) : IParsedBlobCache
    {
        public bool TryGet<T>(string contentId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
            where T : class
        {
            if (typeof(T) == typeof(Chain))
            {
                value = null;
                return false;
            }

            return inner.TryGet(contentId, out value);
        }

        public void Set<T>(string contentId, T value)
            where T : class
        {
            if (typeof(T) != typeof(Chain))
            {
                inner.Set(contentId, value);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw?.Dispose();
        _repository?.Dispose();
        _root?.Dispose();
    }
}
