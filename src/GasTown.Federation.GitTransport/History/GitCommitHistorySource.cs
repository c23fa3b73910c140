using System.Globalization;
using System.Runtime.CompilerServices;
using GasTown.Federation;
using GasTown.Federation.Model;
using GasTown.Federation.Provenance;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Provenance's <see cref="ICommitHistorySource"/> over git, for audits: the commits of the local
/// town (its own git repository, when the town root is one, and its published branch) and of
/// every fetched chain (the history of the fetched branch), newest first, each with its trailers
/// parsed — so <c>Executed-By:</c> attributes agent commits even when the author is the owner. A commit dated where no
/// <see cref="DateTimeOffset"/> reaches (a remote writes 999999999999999 seconds by hand) comes at the nearest instant
/// there is with <see cref="CommitRecord.OutOfRangeDate"/> set; one whose offset or local time alone is out of range
/// comes at its instant in UTC.
/// </summary>
/// <remarks>Fetched history is read as last fetched; nothing is fetched here. Thread-safe.</remarks>
public sealed class GitCommitHistorySource : ICommitHistorySource
{
    /// <summary>The default most commits read per repository and chain.</summary>
    public const int DefaultMaxCommitsPerRepository = 100_000;

    private readonly RemoteRegistry _registry;
    private readonly string _townRoot;
    private readonly int _maxCommits;
    // A reference, so that threads never see a half-written GtUri.
    private LocalChain? _localChain;

    /// <summary>Creates the source.</summary>
    /// <param name="registry">The registered remotes (their fetched refs are walked).</param>
    /// <param name="townRoot">The local town root; its git repository is walked when it is one.</param>
    /// <param name="maxCommitsPerRepository">Bounds each walk, so a huge history cannot exhaust memory.</param>
    public GitCommitHistorySource(RemoteRegistry registry, string townRoot, int maxCommitsPerRepository = DefaultMaxCommitsPerRepository)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCommitsPerRepository, 1);
        _registry = registry;
        _townRoot = Path.GetFullPath(townRoot);
        _maxCommits = maxCommitsPerRepository;
    }

    /// <inheritdoc />
    /// <remarks>
    /// An unknown chain, or a chain never fetched, yields no commits. A history longer than the bound this source was made
    /// with yields its newest commits up to the bound, then throws: what it left out is said, never dropped silently.
    /// </remarks>
    /// <exception cref="GitTransportException">After the last commit yielded, when the walk of a repository stopped at the bound (its older commits are not read).</exception>
    public async IAsyncEnumerable<CommitRecord> GetCommitsAsync(GtUri chain, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chainUri = chain.Kind == GtUriKind.WorkUnit ? chain.ChainUri : chain;
        var bound = new WalkBound();
        List<CommitRecord> commits;
        if (_registry.TryFindByChain(chainUri, out var remote))
        {
            commits = _registry.Repository.Use(repo =>
                // A branch that names a tree or a tag has no history to walk.
                TrackingRefs.ResolveTip(repo, remote) is { } tip && repo.Lookup<Commit>(tip.Target) is not null ? Walk(repo, [tip.Target], since, bound, cancellationToken) : []);
        }
        else if (await GetLocalChainAsync(cancellationToken).ConfigureAwait(false) == chainUri)
        {
            commits = await Task.Run(() => WalkLocal(since, bound, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            yield break;
        }

        foreach (var commit in commits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return commit;
        }

        if (bound.Reached)
        {
            // A history padded past the bound (or a long one) would otherwise end its audit as if it began there.
            throw new GitTransportException(string.Create(CultureInfo.InvariantCulture,
                $"the walk stopped at its {_maxCommits:N0} newest commits, the most one walk reads; older commits were not read"));
        }
    }

    private List<CommitRecord> WalkLocal(DateTimeOffset? since, WalkBound bound, CancellationToken cancellationToken)
    {
        var all = new List<CommitRecord>();
        if (LibGit2Sharp.Repository.IsValid(_townRoot))
        {
            var town = new LibGit2Sharp.Repository(_townRoot);
            try
            {
                if (town.Head?.Tip is { } head)
                {
                    all.AddRange(Walk(town, [head.Sha], since, bound, cancellationToken));
                }
            }
            finally
            {
                // With the libgit2 repository a commit dated out of range opened for it (CommitPeople), if one did.
                NativeRepositoryHandle.Close(town);
            }
        }

        if (_registry.Repository.Exists)
        {
            all.AddRange(_registry.Repository.Use(repo =>
                repo.Refs[FederationRepository.PublishedBranchRef]?.ResolveToDirectReference()?.TargetIdentifier is { } published
                    ? Walk(repo, [published], since, bound, cancellationToken)
                    : []));
        }

        // Newest first across both repositories, each commit once.
        return all.DistinctBy(c => c.Sha).OrderByDescending(c => c.When).ToList();
    }

    private List<CommitRecord> Walk(LibGit2Sharp.Repository repo, string[] tips, DateTimeOffset? since, WalkBound bound, CancellationToken cancellationToken)
    {
        var filter = new CommitFilter { IncludeReachableFrom = tips, SortBy = CommitSortStrategies.Time };
        var result = new List<CommitRecord>();
        var seen = 0;
        foreach (var commit in repo.Commits.QueryBy(filter))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++seen > _maxCommits)
            {
                bound.Reached = true;
                break;
            }

            // A date no DateTimeOffset holds, which a remote writes by hand, no longer throws out of the whole walk: the
            // commit comes at the nearest instant there is, and says so (CommitRecord.OutOfRangeDate).
            var (author, committer) = CommitPeople.Read(repo, commit);
            if (since is { } from && author.When < from)
            {
                continue;
            }

            result.Add(CommitRecord.FromMessage(commit.Sha, author.Name, author.Email, author.When, commit.Message) with
            {
                CommitterName = committer.Name,
                CommitterEmail = committer.Email,
                OutOfRangeDate = author.OutOfRangeDate,
            });
        }

        return result;
    }

    private async ValueTask<GtUri?> GetLocalChainAsync(CancellationToken cancellationToken)
    {
        if (_localChain is { } known)
        {
            return known.Uri;
        }

        try
        {
            var metadata = await TownMetadata.LoadAsync(_townRoot, cancellationToken).ConfigureAwait(false);
            if (metadata.TryGetChain(out var chain, out _))
            {
                _localChain = new LocalChain(chain);
            }
        }
        catch (Exception ex) when (ex is IOException or TownMetadataException or ChainException or FormatException or FederationException or ArgumentException)
        {
            return null;
        }

        return _localChain?.Uri;
    }

    private sealed record LocalChain(GtUri Uri);

    // Whether a walk of one call stopped at the bound (a call may walk two repositories, the local town's).
    private sealed class WalkBound
    {
        public bool Reached { get; set; }
    }
}
