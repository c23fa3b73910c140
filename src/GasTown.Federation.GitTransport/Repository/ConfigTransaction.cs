using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// Several changes to a git config file made as one: git's own lock on it (<c>config.lock</c>) is taken first, the
/// changes are made to the locked copy, and <see cref="Commit"/> renames it into place (libgit2's
/// <c>git_config_lock</c>). Between the lock and the commit no other writer (another process of this SDK, the git CLI)
/// can change the file, so what is read then stays true until the changes land; a reader sees all of them or none.
/// Disposing without committing drops the changes and the lock.
/// </summary>
/// <remarks>
/// LibGit2Sharp writes each key under a lock of its own, so a remote it adds is seen half-written (a URL without its
/// chain) by whoever reads in between, and a second writer can slip in between the check and the writes.
/// </remarks>
internal sealed class ConfigTransaction : IDisposable
{
    private readonly nint _config;
    private nint _transaction;

    private ConfigTransaction(nint config, nint transaction)
    {
        _config = config;
        _transaction = transaction;
    }

    /// <summary>Locks the config file at <paramref name="path"/>.</summary>
    /// <exception cref="LockedFileException">Another writer holds the lock (<see cref="GitLockRetry"/> waits for it).</exception>
    /// <exception cref="LibGit2SharpException">The lock file could not be created (a town this process may not write).</exception>
    public static ConfigTransaction Begin(string path)
    {
        Check(LibGit2Native.ConfigOpenOnDisk(out var config, path));
        var locked = LibGit2Native.ConfigLock(out var transaction, config);
        if (locked < 0)
        {
            var failure = Failure(locked);
            LibGit2Native.ConfigFree(config);
            throw failure;
        }

        return new ConfigTransaction(config, transaction);
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, replacing its value.</summary>
    public void Set(string key, string value) => Check(LibGit2Native.ConfigSetString(_config, key, value));

    /// <summary>Adds a value to the multi-valued <paramref name="key"/> (a remote's fetch refspecs).</summary>
    public void Add(string key, string value) => Check(LibGit2Native.ConfigSetMultivar(_config, key, "^$", value));

    /// <summary>Writes the changes and releases the lock.</summary>
    public void Commit()
    {
        var transaction = _transaction;
        _transaction = 0;
        try
        {
            Check(LibGit2Native.TransactionCommit(transaction));
        }
        finally
        {
            LibGit2Native.TransactionFree(transaction);
        }
    }

    public void Dispose()
    {
        if (_transaction != 0)
        {
            // Uncommitted: freeing the transaction unlocks the file and drops the changes.
            LibGit2Native.TransactionFree(_transaction);
            _transaction = 0;
        }

        LibGit2Native.ConfigFree(_config);
    }

    private static void Check(int result)
    {
        if (result < 0)
        {
            throw Failure(result);
        }
    }

    // The exception types LibGit2Sharp raises for the same codes, so that one handler serves both ways of writing.
    private static LibGit2SharpException Failure(int result)
        => result == LibGit2Native.Locked ? new LockedFileException(LibGit2Native.LastError()) : new LibGit2SharpException(LibGit2Native.LastError());
}
