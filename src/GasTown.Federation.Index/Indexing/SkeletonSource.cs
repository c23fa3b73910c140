using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;

namespace GasTown.Federation.Index;

/// <summary>
/// A chain's files for Model's <see cref="ChainLoader"/> with every issues file left empty: the loader then checks the
/// identity, the routes (paths leaving the chain refused), the rig names and the relationships, and judges trust, while
/// the issues files themselves are streamed line by line by the indexer (an unchanged blob is never read at all). The
/// files' sizes come from the tree or the file system (<see cref="GetFileSizeAsync"/>), so the loader's own check of
/// <see cref="ChainLimits.MaxBlobBytes"/> and of their total against <see cref="ChainLimits.MaxIssuesBytes"/> judges them
/// before anything is read, as it judges a load of the files themselves (it cannot total files it is handed empty).
/// </summary>
internal sealed class SkeletonSource : IChainSource
{
    private const string IssuesSuffix = ".beads/issues.jsonl";

    private readonly IChainSource _inner;
    private readonly Func<string, IssuesFile?> _findIssues;
    private readonly Dictionary<string, IssuesFile> _issues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    // What the finder found for each path, so the loader's look at the sizes and its read see the same file, found once.
    private readonly Dictionary<string, IssuesFile?> _found = new(StringComparer.Ordinal);

    public SkeletonSource(IChainSource inner, Func<string, IssuesFile?> findIssues)
    {
        _inner = inner;
        _findIssues = findIssues;
    }

    public string Description => _inner.Description;

    public string? Revision => _inner.Revision;

    /// <summary>The issues files the loader asked for that exist, by path.</summary>
    public IReadOnlyDictionary<string, IssuesFile> IssuesFiles => _issues;

    /// <summary>Every issues path the loader asked for, found or not: a missing one that appears later must be noticed.</summary>
    public IReadOnlyCollection<string> AskedIssuesPaths => _asked;

    // A read without a bound (an audit's event log, a grants file) is the inner source's, within that source's own bound
    // (a snapshot's GitTreeChainSource.MaxBytes); an issues file is presented empty either way. The loader reads with a
    // bound, and only that read of relationships.jsonl is recorded.
    public ValueTask<ChainFile?> ReadFileAsync(string path, CancellationToken cancellationToken = default)
        => IsIssuesPath(path) ? ReadFileAsync(path, long.MaxValue, cancellationToken) : _inner.ReadFileAsync(path, cancellationToken);

    /// <summary>The chain's routes.jsonl exactly as the loader read it, or null when it has none (or it was not read).</summary>
    public ChainFile? RoutesFile { get; private set; }

    /// <summary>The chain's relationships.jsonl exactly as the loader read it, or null when it has none (or it was not read).</summary>
    public ChainFile? RelationshipsFile { get; private set; }

    public ValueTask<ChainFile?> ReadFileAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        if (string.Equals(path, RelationshipDocument.RelativePath, StringComparison.Ordinal))
        {
            return ReadRelationshipsAsync(path, maxBytes, cancellationToken);
        }

        if (string.Equals(path, RouteTable.RelativePath, StringComparison.Ordinal))
        {
            return ReadRoutesAsync(path, maxBytes, cancellationToken);
        }

        if (!IsIssuesPath(path))
        {
            return _inner.ReadFileAsync(path, maxBytes, cancellationToken);
        }

        ChainRelativePath.ThrowIfEscapes(path, Description);
        _asked.Add(path);
        var found = Find(path);
        if (found is null)
        {
            return ValueTask.FromResult<ChainFile?>(null);
        }

        if (found.Size > maxBytes)
        {
            throw new ChainLimitExceededException(ChainLimitKind.BlobSize, path, found.Size, maxBytes, Description);
        }

        _issues[path] = found;
        return ValueTask.FromResult<ChainFile?>(new ChainFile(path, ReadOnlyMemory<byte>.Empty, null));
    }

    // The employment lines are stored from the very bytes the loader judged (see EmploymentRows).
    private async ValueTask<ChainFile?> ReadRelationshipsAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var file = await _inner.ReadFileAsync(path, maxBytes, cancellationToken).ConfigureAwait(false);
        RelationshipsFile = file;
        return file;
    }

    // An issues file's size as the finder found it (nothing read), so the loader totals the files before it reads any; any
    // other file's as the inner source tells it.
    public ValueTask<long?> GetFileSizeAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!IsIssuesPath(path))
        {
            return _inner.GetFileSizeAsync(path, cancellationToken);
        }

        ChainRelativePath.ThrowIfEscapes(path, Description);
        return ValueTask.FromResult(Find(path)?.Size);
    }

    private IssuesFile? Find(string path)
    {
        if (!_found.TryGetValue(path, out var found))
        {
            _found[path] = found = _findIssues(path);
        }

        return found;
    }

    // Its lines are counted against ChainLimits.MaxRigs (chains.route_lines), as the loader counts them.
    private async ValueTask<ChainFile?> ReadRoutesAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var file = await _inner.ReadFileAsync(path, maxBytes, cancellationToken).ConfigureAwait(false);
        RoutesFile = file;
        return file;
    }

    private static bool IsIssuesPath(string path)
        => path.EndsWith(IssuesSuffix, StringComparison.Ordinal) && (path.Length == IssuesSuffix.Length || path[^(IssuesSuffix.Length + 1)] == '/');

    /// <summary>The issues-file finder of a remote snapshot: blob id and size from the tree, nothing inflated.</summary>
    public static Func<string, IssuesFile?> ForGit(GitTreeChainSource tree, LibGit2Sharp.Repository repo)
        => path => tree.FindBlob(repo, path) is { } blob ? new IssuesFile(path, blob.Id.Sha, blob.Size, null) : null;

    /// <summary>
    /// The issues-file finder of the local town: size and write time from the file system, of the file found by the rule a
    /// load reads it by (<see cref="FolderChainSource.FindFile"/>: a link that leaves the town, or a folder where the file
    /// should be, is refused, not followed or read as absent).
    /// </summary>
    public static Func<string, IssuesFile?> ForFolder(FolderChainSource folder)
        => path => folder.FindFile(path) is { } info ? new IssuesFile(path, null, info.Length, LocalStamp.Of(folder, path, info)) : null;
}
