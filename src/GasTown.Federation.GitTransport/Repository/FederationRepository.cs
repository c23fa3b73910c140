using GasTown.Federation.Model;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// The town's own bare git repository, <c>&lt;town&gt;/federation/git</c> by default: it holds the
/// registered remotes (ordinary git remotes with the chain's gt:// URI beside the URL in git
/// config), the fetched chains under <c>refs/remotes/&lt;name&gt;/</c> and the town's published
/// snapshot on <see cref="PublishedBranch"/>. It is created on first use.
/// </summary>
/// <remarks>
/// <para>Thread safety: every member is safe to call from several threads. A LibGit2Sharp
/// <see cref="LibGit2Sharp.Repository"/> is not thread-safe, so this type keeps one shared handle
/// and serialises every use of it behind a lock; long network operations (fetch, push) open a
/// handle of their own so that they do not block reads.</para>
/// <para>Across processes, git's own lock files protect refs and config; a write that meets a
/// held lock waits for it a few seconds, then fails with a <see cref="GitTransportException"/> that says so.
/// A repository another user owns is refused by git (its safe.directory check) with a
/// <see cref="GitTransportException"/> of kind <see cref="FederationErrorKind.Refused"/> that says what to do.</para>
/// </remarks>
public sealed class FederationRepository : IDisposable
{
    /// <summary>The branch a town publishes its snapshot on, in every federation repository.</summary>
    public const string PublishedBranch = "gt/published";

    /// <summary>The full ref name of <see cref="PublishedBranch"/>.</summary>
    public const string PublishedBranchRef = "refs/heads/" + PublishedBranch;

    private readonly Lock _gate = new();
    private Repository? _shared;
    private int _sharedOpens;
    private bool _disposed;

    /// <summary>Creates a handle on the federation repository at <paramref name="path"/>; nothing is touched on disk until first use.</summary>
    /// <param name="path">The folder of the bare repository.</param>
    /// <param name="townRoot">The town the repository belongs to, if known.</param>
    public FederationRepository(string path, string? townRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        TownRoot = townRoot is null ? null : System.IO.Path.GetFullPath(townRoot);
    }

    /// <summary>The folder of the bare repository.</summary>
    public string Path { get; }

    /// <summary>The town root this repository belongs to, when it was opened through <see cref="ForTown"/>.</summary>
    public string? TownRoot { get; }

    /// <summary>Whether the repository already exists on disk.</summary>
    /// <remarks>When it does, the shared handle is opened (and kept, as the next use of the repository would open it).</remarks>
    public bool Exists
    {
        get
        {
            // Once the shared handle is open the repository exists (it is never deleted under a town). Otherwise the handle is
            // opened here: whoever asks goes on to use it, and asking git whether the repository is valid opens it (and
            // parses its configuration, a hundred remotes' worth) only to throw that away.
            lock (_gate)
            {
                if (_shared is not null)
                {
                    return true;
                }

                if (_disposed)
                {
                    return LibGit2Sharp.Repository.IsValid(Path);
                }

                if (!Directory.Exists(Path))
                {
                    // A town that has not published or added a remote yet: answered without an exception thrown and caught
                    // on each of its queries.
                    return false;
                }

                try
                {
                    _shared = OpenCounted();
                    return true;
                }
                catch (RepositoryNotFoundException)
                {
                    return false;
                }
            }
        }
    }

    /// <summary>The default location of a town's federation repository: <c>&lt;town&gt;/federation/git</c>.</summary>
    /// <param name="townRoot">The town root (the folder holding <c>mayor/town.json</c>).</param>
    /// <returns>The full path of the repository folder.</returns>
    public static string DefaultPathFor(string townRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        return System.IO.Path.Combine(System.IO.Path.GetFullPath(townRoot), "federation", "git");
    }

    /// <summary>A handle on the federation repository of the town at <paramref name="townRoot"/>.</summary>
    /// <param name="townRoot">The town root (the folder holding <c>mayor/town.json</c>).</param>
    /// <returns>The handle; the repository is created on first use.</returns>
    public static FederationRepository ForTown(string townRoot) => new(DefaultPathFor(townRoot), townRoot);

    /// <summary>Creates the bare repository if it does not exist yet. Safe to call many times.</summary>
    public void EnsureCreated()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _ = OpenSharedLocked();
        }
    }

    /// <summary>
    /// How many times the shared handle was opened: zero when git was never asked anything through it. For tests, which see
    /// through it that a query answered from the index's registry snapshot never opened git (an index pass opens the handle
    /// and closes it again after each chain, <see cref="ReleasePacks"/>, so whether it is open now would not tell).
    /// </summary>
    internal int SharedOpens
    {
        get
        {
            lock (_gate)
            {
                return _sharedOpens;
            }
        }
    }

    /// <summary>Whether the shared handle is open now (for tests).</summary>
    internal bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _shared is not null;
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> on the shared repository handle, under the lock.</summary>
    internal T Use<T>(Func<Repository, T> action)
    {
        try
        {
            return UseShared(action);
        }
        catch (LibGit2SharpException ex) when (GitLockRetry.IsHeldLock(ex))
        {
            throw Locked(ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/>, which writes the repository's configuration or refs, on the shared handle: a lock
    /// another writer holds is waited for (<see cref="GitLockRetry"/>), so <paramref name="action"/> must be safe to run
    /// again (idempotent writes); a town this process may not write fails with <see cref="TownFileAccessException"/>.
    /// </summary>
    internal T Write<T>(Func<Repository, T> action, CancellationToken cancellationToken)
        => Writing(() => UseShared(action), cancellationToken);

    /// <summary>
    /// Changes the repository's configuration as one transaction (<see cref="ConfigTransaction"/>): <paramref name="change"/>
    /// reads through the shared handle while git's lock on the config file is held, so what it checks stays true until its
    /// changes land together, across processes. A held lock is waited for, as by <see cref="Write{T}"/>.
    /// </summary>
    internal T ChangeConfig<T>(Func<Repository, ConfigTransaction, T> change, CancellationToken cancellationToken)
        => Writing(() => UseShared(repository =>
        {
            using var transaction = ConfigTransaction.Begin(System.IO.Path.Combine(Path, "config"));
            var result = change(repository, transaction);
            transaction.Commit();
            return result;
        }), cancellationToken);

    private T UseShared<T>(Func<Repository, T> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return action(OpenSharedLocked());
        }
    }

    // The waiting and the two errors of every write: the retry runs outside the shared handle's lock, so readers in this
    // process are not held up while a write waits for another process.
    private T Writing<T>(Func<T> write, CancellationToken cancellationToken)
    {
        try
        {
            return GitLockRetry.Run(write, cancellationToken);
        }
        catch (LibGit2SharpException ex) when (GitLockRetry.IsHeldLock(ex))
        {
            throw Locked(ex);
        }
        catch (LibGit2SharpException ex) when (WriteRefusal(ex) is { } path)
        {
            throw TownFileAccessException.For(path, ex);
        }
    }

    /// <summary>The error for a lock another writer held for the whole wait.</summary>
    internal GitTransportException Locked(LibGit2SharpException failure)
        => GitTransportException.WithKind(FederationErrorKind.Conflict, $"The federation repository {Path} could not be changed: {GitLockRetry.Describe(Path, failure, DateTimeOffset.UtcNow)}", failure);

    /// <summary>The file libgit2 could not create because the file system refused this process, or null for another failure.</summary>
    private string? WriteRefusal(LibGit2SharpException failure)
        => LibGit2Messages.IsRefusal(failure.Message) ? LibGit2Messages.QuotedPath(failure.Message) ?? Path : null;

    /// <summary>Runs <paramref name="action"/> on the shared repository handle, under the lock.</summary>
    internal void Use(Action<Repository> action) => Use(repository =>
    {
        action(repository);
        return true;
    });

    /// <summary>
    /// Opens a private handle for a long operation (fetch, push) that must not hold the shared lock.
    /// The caller disposes it.
    /// </summary>
    internal Repository OpenPrivate()
    {
        EnsureCreated();
        return Open();
    }

    /// <summary>
    /// Closes the shared handle (and libgit2's own repository opened for it to read signatures); the next use opens it
    /// again. libgit2 keeps each pack file it has read from mapped for as long as a repository that opened it lives, in
    /// windows of up to a gibibyte, so a long pass over many remotes (the index reading every fetched chain) would
    /// otherwise hold the pages of every pack it read: the memory of the whole federation, not of one chain.
    /// </summary>
    internal void ReleasePacks()
    {
        lock (_gate)
        {
            CloseSharedLocked();
        }
    }

    /// <summary>Closes the shared handle. Operations after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            CloseSharedLocked();
        }
    }

    /// <summary>
    /// Creates the bare repository unless it exists. Several processes may create it at once (two publishes of a new
    /// town): git's config lock makes all but one fail, and those find the repository created by the winner.
    /// </summary>
    private static void CreateIfMissing(string path)
    {
        for (var attempt = 1; !LibGit2Sharp.Repository.IsValid(path); attempt++)
        {
            Directory.CreateDirectory(path);
            try
            {
                LibGit2Sharp.Repository.Init(path, isBare: true);
            }
            catch (LockedFileException) when (attempt < 50)
            {
                // Another process is creating it right now: wait for it to finish.
                Thread.Sleep(TimeSpan.FromMilliseconds(5 * attempt));
            }
        }
    }

    private Repository OpenCounted()
    {
        var repository = Open();
        _sharedOpens++;
        return repository;
    }

    /// <summary>
    /// Opens a handle on the repository: the one place the federation repository is opened, shared handle or private,
    /// so that git's refusal of a repository another user owns is said the same way on every path.
    /// </summary>
    private Repository Open()
    {
        try
        {
            return new Repository(Path);
        }
        catch (LibGit2SharpException ex) when (ex.Message.Contains("not owned by current user", StringComparison.Ordinal))
        {
            // git's safe.directory check (libgit2's owner validation): a repository someone else owns could carry a
            // configuration that runs their commands as this user. It stays on; the message says how to pass it.
            throw GitTransportException.WithKind(
                FederationErrorKind.Refused,
                $"git refuses to open the federation repository {Path}: it is owned by another user than this process's ({Environment.UserName}), and git only opens such a repository when told to trust it (its safe.directory check). Run as the town's owner, or, if you trust this town, mark it safe for this user: git config --global --add safe.directory {Path}",
                ex);
        }
    }

    private void CloseSharedLocked()
    {
        if (_shared is { } shared)
        {
            _shared = null;
            NativeRepositoryHandle.Close(shared);
        }
    }

    private Repository OpenSharedLocked()
    {
        if (_shared is not null)
        {
            return _shared;
        }

        // Open first and create only when that fails: the common case (the repository exists) opens it once, not twice.
        try
        {
            _shared = OpenCounted();
        }
        catch (RepositoryNotFoundException)
        {
            CreateIfMissing(Path);
            _shared = OpenCounted();
        }

        return _shared;
    }
}
