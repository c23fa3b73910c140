using GasTown.Federation.Model;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// A chain's files read straight from the tree of one git commit of the federation repository —
/// no work tree is ever checked out. <see cref="ChainFile.ContentId"/> is the git blob id, so
/// parsed results can be cached by content.
/// </summary>
/// <remarks>
/// The tree belongs to someone else, so it is read defensively: a path that escapes
/// (<c>..</c>, absolute, backslashes), a symbolic link (mode 120000) or a submodule (gitlink) on
/// the way to a file throws <see cref="ChainPathException"/> and is never followed; so does a folder where the file
/// should be. Thread-safe.
/// </remarks>
public sealed class GitTreeChainSource : IChainSource
{
    private readonly FederationRepository _repository;
    private readonly ObjectId _commitId;
    private readonly long _maxBytes = ChainLimits.DefaultMaxBlobBytes;

    // Trees of more entries than this (about 4 KiB, the largest tree libgit2 caches) are listed when met twice.
    private const int SmallTreeEntries = 100;

    // The listings of large trees met twice, by tree id, and the large trees met once (guarded by _listings).
    private readonly Dictionary<ObjectId, Dictionary<string, TreeItem>> _listings = [];
    private readonly HashSet<ObjectId> _largeTreesMet = [];
    private ObjectId? _rootTreeId;
    private int _largeTreeReads;

    /// <summary>Creates a source reading the tree of <paramref name="commitId"/>.</summary>
    /// <param name="repository">The federation repository holding the commit.</param>
    /// <param name="commitId">The full commit id (40 hex digits).</param>
    /// <param name="description">How to name this snapshot in messages, e.g. <c>remote acme at 1a2b3c4</c>; a default is built when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="commitId"/> is not a commit id.</exception>
    public GitTreeChainSource(FederationRepository repository, string commitId, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(commitId);
        if (!ObjectId.TryParse(commitId, out var id))
        {
            throw new ArgumentException($"'{commitId}' is not a full git object id (40 hex digits).", nameof(commitId));
        }

        _repository = repository;
        _commitId = id;
        Revision = id.Sha;
        Description = description ?? $"git commit {id.ToString(7)} in {repository.Path}";
    }

    /// <summary>
    /// How every reader of a fetched snapshot reads it (the provider's load, the federation index and its reader): within
    /// the host's <see cref="ChainLimits.MaxBlobBytes"/>, described as <c>remote NAME at 1a2b3c4</c>, so the paths read and
    /// report it alike.
    /// </summary>
    internal static GitTreeChainSource ForSnapshot(FederationRepository repository, RegisteredRemote remote, string commit, ChainLimits limits)
        => new(repository, commit, $"remote {remote.Name} at {commit[..7]}") { MaxBytes = limits.MaxBlobBytes };

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>
    /// The largest blob <see cref="ReadFileAsync(string, CancellationToken)"/> reads: the tree is someone else's data, so
    /// no read of it is unbounded. <see cref="ChainLimits.DefaultMaxBlobBytes"/> unless set; the provider (a snapshot's
    /// load), the federation index and its reader set the host's <see cref="ChainLimits.MaxBlobBytes"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public long MaxBytes
    {
        get => _maxBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxBytes = value;
        }
    }

    /// <inheritdoc />
    public string? Revision { get; }

    /// <inheritdoc />
    /// <remarks>Within <see cref="MaxBytes"/>.</remarks>
    /// <exception cref="ChainPathException">The path escapes the tree, crosses a symbolic link or a submodule, or names a folder.</exception>
    /// <exception cref="ChainLimitExceededException">The blob is larger than <see cref="MaxBytes"/>.</exception>
    /// <exception cref="GitTransportException">The commit is not in the federation repository.</exception>
    public ValueTask<ChainFile?> ReadFileAsync(string path, CancellationToken cancellationToken = default)
        => ReadFileAsync(path, MaxBytes, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The size comes from the object database's header of the blob (<c>git_odb_read_header</c>), so a blob over the
    /// limit is refused without being inflated: a remote's 2 GB blob costs a few bytes of reading.
    /// </remarks>
    /// <exception cref="ChainPathException">The path escapes the tree, crosses a symbolic link or a submodule, or names a folder.</exception>
    /// <exception cref="ChainLimitExceededException">The blob is larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="GitTransportException">The commit is not in the federation repository.</exception>
    public ValueTask<ChainFile?> ReadFileAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        if (ChainRelativePath.FindEscape(path) is { } reason)
        {
            throw new ChainPathException(path, reason, Description);
        }

        var components = ChainRelativePath.Components(path);
        if (components.Length == 0)
        {
            return ValueTask.FromResult<ChainFile?>(null);
        }

        var file = _repository.Use(repo => Read(repo, path, components, maxBytes));
        return ValueTask.FromResult(file);
    }

    /// <summary>The size of one file of the tree from its blob's header (nothing inflated), found as a read finds it; null when the tree has no such file.</summary>
    /// <param name="path">The path relative to the chain root, with <c>/</c> separators.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The blob's size, or null.</returns>
    /// <exception cref="ChainPathException">The path leaves the chain root, or a symbolic link or submodule is on its way.</exception>
    public ValueTask<long?> GetFileSizeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ChainRelativePath.Components(path).Length == 0 ? null : _repository.Use(repo => FindBlob(repo, path)?.Size));
    }

    private ChainFile? Read(LibGit2Sharp.Repository repo, string path, string[] components, long maxBytes)
    {
        if (FindFile(repo, path, components) is not { } entry)
        {
            return null;
        }

        // Blob.Size would look the object up, which inflates it whole: ask for its header only.
        var size = repo.ObjectDatabase.RetrieveObjectMetadata(entry.Id).Size;
        if (size > maxBytes)
        {
            throw new ChainLimitExceededException(ChainLimitKind.BlobSize, path, size, maxBytes, Description);
        }

        return new ChainFile(path, ReadBlob(repo, entry.Id, size), entry.Id.Sha);
    }

    /// <summary>
    /// The blob id and size of one file of the tree, found with the same checks as a read (escaping paths, symbolic
    /// links and submodules refused) but without inflating the blob; null when the tree has no such file. For the
    /// index, which keys what it read by blob id and never re-reads an unchanged blob.
    /// </summary>
    internal (ObjectId Id, long Size)? FindBlob(LibGit2Sharp.Repository repo, string path)
    {
        if (ChainRelativePath.FindEscape(path) is { } reason)
        {
            throw new ChainPathException(path, reason, Description);
        }

        return FindFile(repo, path, ChainRelativePath.Components(path)) is { } entry
            ? (entry.Id, repo.ObjectDatabase.RetrieveObjectMetadata(entry.Id).Size)
            : null;
    }

    /// <summary>
    /// Streams one file of the tree, found as <see cref="FindBlob"/> finds it, with its blob id; null when the tree has no
    /// such file. The blob is inflated once, as it is read (<see cref="BlobContent"/>); dispose the stream to free it.
    /// </summary>
    internal (ObjectId Id, Stream Content)? OpenBlob(LibGit2Sharp.Repository repo, string path)
    {
        if (ChainRelativePath.FindEscape(path) is { } reason)
        {
            throw new ChainPathException(path, reason, Description);
        }

        return FindFile(repo, path, ChainRelativePath.Components(path)) is { } entry
            ? (entry.Id, BlobContent.Open(repo, entry.Id, repo.ObjectDatabase.RetrieveObjectMetadata(entry.Id).Size))
            : null;
    }

    /// <summary>
    /// The one walk from the snapshot's root tree to a file: a symbolic link or a submodule on the way is refused (never
    /// followed), and so is a folder where the file should be; a missing component, or a file where a folder should be,
    /// is null.
    /// </summary>
    /// <remarks>
    /// libgit2 keeps no tree larger than 4 KiB in its object cache, and a look-up by name reads and parses the whole tree
    /// again: a walk per file cost a chain of 20,000 rigs (a root of 20,000 folders) 20,000 parses of its root, 270 s. A
    /// large tree looked up a second time is listed once instead (<see cref="Entry"/>), so a chain's files cost one
    /// reading of each tree on their way, however many there are.
    /// </remarks>
    private TreeItem? FindFile(LibGit2Sharp.Repository repo, string path, string[] components)
    {
        var treeId = RootTreeId(repo);
        for (var i = 0; i < components.Length; i++)
        {
            var entry = Entry(repo, treeId, components[i]);
            if (entry is null)
            {
                return null;
            }

            var isLast = i == components.Length - 1;
            switch (entry.Value.Mode)
            {
                case Mode.SymbolicLink:
                    throw new ChainPathException(path, $"'{string.Join('/', components[..(i + 1)])}' is a symbolic link (mode 120000) in the git tree, which is never followed", Description);
                case Mode.GitLink:
                    throw new ChainPathException(path, $"'{string.Join('/', components[..(i + 1)])}' is a submodule (gitlink) in the git tree, which is never followed", Description);
                case Mode.Directory when !isLast:
                    treeId = entry.Value.Id;
                    continue;
                case Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile when isLast:
                    return entry;
                case Mode.Directory:
                    // Damaged data to be said, not an absent file: read as absent, a rig's issues file made a folder
                    // would read as a rig with no work.
                    throw new ChainPathException(path, $"'{path}' is a folder (a tree) in the git tree where a file should be", Description);
                default:
                    // A file where a folder should be: the file asked for is not there.
                    return null;
            }
        }

        return null;
    }

    private ObjectId RootTreeId(LibGit2Sharp.Repository repo)
    {
        if (Volatile.Read(ref _rootTreeId) is { } known)
        {
            return known;
        }

        var commit = Read(() => repo.Lookup<Commit>(_commitId), $"The commit {_commitId.Sha}")
            ?? throw new MissingCommitException(_repository.Path, _commitId.Sha);
        var id = commit.Tree.Id;
        Volatile.Write(ref _rootTreeId, id);
        return id;
    }

    // One entry of a tree: a small tree (which libgit2 caches) or a large one met for the first time is asked by name; a
    // large one met again is listed once, and answered from the listing from then on. Entries are kept as mode and id,
    // never as LibGit2Sharp objects, which belong to the repository handle they were read through.
    private TreeItem? Entry(LibGit2Sharp.Repository repo, ObjectId treeId, string name)
    {
        Dictionary<string, TreeItem>? listing;
        lock (_listings)
        {
            _listings.TryGetValue(treeId, out listing);
        }

        if (listing is not null)
        {
            return listing.TryGetValue(name, out var listed) ? listed : null;
        }

        var tree = Read(() => repo.Lookup<Tree>(treeId), $"The tree {treeId.Sha} of commit {_commitId.Sha}")
            ?? throw new GitTransportException($"The tree {treeId.Sha} of commit {_commitId.Sha} is not in {_repository.Path}; fetch the remote again.");
        var isLarge = tree.Count > SmallTreeEntries;
        if (isLarge)
        {
            Interlocked.Increment(ref _largeTreeReads);
        }

        bool metBefore;
        lock (_listings)
        {
            metBefore = isLarge && !_largeTreesMet.Add(treeId);
        }

        if (!metBefore)
        {
            return tree[name] is { } entry ? new TreeItem(entry.Mode, entry.Target.Id) : null;
        }

        // A name is unique in a git tree; a damaged tree repeating one keeps the first, as a look-up by name finds one.
        listing = new Dictionary<string, TreeItem>(tree.Count, StringComparer.Ordinal);
        foreach (var each in tree)
        {
            listing.TryAdd(each.Name, new TreeItem(each.Mode, each.Target.Id));
        }

        lock (_listings)
        {
            _listings[treeId] = listing;
        }

        return listing.TryGetValue(name, out var found) ? found : null;
    }

    // An object the repository holds but cannot inflate (a damaged pack): libgit2's message alone ("invalid code lengths
    // set") names neither the object nor the repository, and a chain refused for it must say both, as a blob's read does.
    private T? Read<T>(Func<T?> lookup, string what)
        where T : class
    {
        try
        {
            return lookup();
        }
        catch (LibGit2SharpException ex)
        {
            throw new GitTransportException($"{what} in {_repository.Path} cannot be read ({ex.Message.TrimEnd('.')}): the repository may be damaged; `git fsck` in that folder says whether it is.", ex);
        }
    }

    /// <summary>How many times a tree of more than a hundred entries was read (for tests: each is read at most twice).</summary>
    internal int LargeTreeReads => Volatile.Read(ref _largeTreeReads);

    /// <summary>
    /// Forgets the listings of large trees this source made (<see cref="Entry"/>): a chain keeps its source after it is
    /// loaded, for the few files read later (an audit's event log), which do not need them.
    /// </summary>
    internal void ForgetListings()
    {
        lock (_listings)
        {
            _listings.Clear();
            _largeTreesMet.Clear();
        }
    }

    // Inflated (and its SHA-1 checked) once: Blob.Size and Blob.GetContentStream would each look the blob up, and libgit2
    // caches no blob, so a 47 MB issues file was inflated twice per load.
    private static byte[] ReadBlob(LibGit2Sharp.Repository repo, ObjectId id, long size)
    {
        using var stream = BlobContent.Open(repo, id, size);

        // The size the limit was judged by: a loose file whose own header says otherwise is damaged, not a reason to allocate.
        if (stream.Length != size)
        {
            throw new GitTransportException($"The blob {id.Sha} in {repo.Info.Path} is {stream.Length} bytes by one copy and {size} by another: the repository is damaged; fetch the remote again.");
        }

        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return content;
    }

    /// <summary>One entry of a tree, as the walk needs it: its mode and the id of what it names.</summary>
    private readonly record struct TreeItem(Mode Mode, ObjectId Id);
}
