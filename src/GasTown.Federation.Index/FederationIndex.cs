using System.Globalization;
using System.Text;
using System.Text.Json;
using GasTown.Federation.GitTransport;
using GasTown.Federation.Model;
using GasTown.Federation.Model.Internal;
using GasTown.Federation.Query;
using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// The federation index: a SQLite cache at <c>&lt;town&gt;/federation/index.db</c> of every known chain (the local town
/// and every fetched remote), so that a query reads only what its answer needs. Paged lists, full-text search, a
/// change feed and the state of each chain come from it; each work unit's exact upstream line is read back from
/// the blob or file it lives in.
/// </summary>
/// <remarks>
/// <para>It is a cache: deleting the file loses nothing, the next call rebuilds it. Every query first brings the
/// index up to date with a cheap check (each remote's tip commit, the local town's file stamps); it never goes to
/// the network. Indexing is incremental by content (unchanged blobs are not read, unchanged lines not parsed) and
/// isolated per chain (a chain that breaks a <see cref="ChainLimits"/> bound or cannot be read is unavailable with
/// its reason; the others answer). One writer at a time across processes (a lock file beside the index); readers are
/// never blocked (WAL). When this process may not write the index (a town shared read-only, a read-only mount) but can
/// read it, lists, searches and the change feed answer from it as it is and say so (<see cref="IndexPage.Stale"/>,
/// <see cref="IndexChangePage.Stale"/>). Thread-safe.</para>
/// </remarks>
public sealed class FederationIndex
{
    /// <summary>The index file, relative to the town root.</summary>
    public const string RelativePath = "federation/index.db";

    private readonly string _townRoot;

    // The local town's files, found as a load finds them (links kept inside the town): their stamps say whether the index is current.
    private readonly FolderChainSource _townFolder;
    private readonly RemoteRegistry _registry;
    private readonly ChainLimits _limits;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lockTimeout;
    private long _linesParsedForAnswers;
    private long _parentsJudged;
    private long _oldRowsRead;

    /// <summary>Creates the index of a town.</summary>
    /// <param name="townRoot">The town's root folder.</param>
    /// <param name="registry">The town's registered remotes.</param>
    /// <param name="limits">The bounds each chain is indexed within (copied), or null for <see cref="ChainLimits.Default"/>.</param>
    /// <param name="timeProvider">The clock for the times recorded, or null for the system clock.</param>
    /// <param name="lockTimeout">How long to wait for another process's indexing before failing; null for two minutes.</param>
    public FederationIndex(string townRoot, RemoteRegistry registry, ChainLimits? limits = null, TimeProvider? timeProvider = null, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(townRoot);
        ArgumentNullException.ThrowIfNull(registry);
        limits ??= ChainLimits.Default;
        if (limits.Validate() is { Count: > 0 } failures)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(limits));
        }

        _townRoot = Path.GetFullPath(townRoot);
        _townFolder = new FolderChainSource(_townRoot);
        _registry = registry;
        _limits = limits.Clone();
        _time = timeProvider ?? TimeProvider.System;
        _lockTimeout = lockTimeout ?? TimeSpan.FromMinutes(2);
        DatabasePath = Path.Combine(_townRoot, "federation", "index.db");
    }

    /// <summary>The index file, <c>&lt;town&gt;/federation/index.db</c>.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// How many stored lines this index has parsed to build answers (lists, search, show, and the queries it answers for
    /// <c>FederationQueries</c>) since it was created: one per work unit an answer holds, never a whole chain. A
    /// diagnostic, so a host or a test can see that an answer read only what it names.
    /// </summary>
    public long LinesParsedForAnswers => Interlocked.Read(ref _linesParsedForAnswers);

    /// <summary>How many delegating parents this index's refreshes judged again (a diagnostic for tests: the cost of the completion feed).</summary>
    internal long ParentsJudged => Interlocked.Read(ref _parentsJudged);

    /// <summary>How many rows of files read again this index's refreshes have read back to compare their lines with (a count for tests).</summary>
    internal long OldRowsRead => Interlocked.Read(ref _oldRowsRead);

    /// <summary>The bounds each chain is indexed within.</summary>
    internal ChainLimits Limits => _limits;

    /// <summary>Counts stored lines a query parses itself (an audit's event lines) in <see cref="LinesParsedForAnswers"/>.</summary>
    internal void CountLinesParsed(int lines) => Interlocked.Add(ref _linesParsedForAnswers, lines);

    /// <summary>The town's root folder (full path).</summary>
    internal string TownRoot => _townRoot;

    /// <summary>The town's registered remotes.</summary>
    internal RemoteRegistry Registry => _registry;

    private string LockPath => Path.Combine(_townRoot, "federation", "index.lock");

    /// <summary>
    /// Brings the index up to date: every chain whose tip (remote) or file stamps (local town) changed is indexed again,
    /// by content. Never fetches. Returns at once when nothing changed.
    /// </summary>
    /// <param name="progress">Receives progress while a large file is indexed, or null.</param>
    /// <param name="cancellationToken">Cancels indexing (the chain in progress is rolled back).</param>
    /// <returns>What was done, chain by chain.</returns>
    /// <exception cref="FederationIndexException">Another process held the index's lock, or a write transaction on its file itself (a sqlite3 shell), too long (<see cref="FederationErrorKind.Conflict"/>); the index file, its folder or its lock cannot be written by this process, or its disk is full or failing, or the file is damaged and could not be built again (<see cref="FederationErrorKind.RemoteFailure"/>, naming the file and what to do; a file that is no database at all, or one damaged past its first statement, is built again, and <see cref="IndexRefreshResult.Replaced"/> says so).</exception>
    public ValueTask<IndexRefreshResult> RefreshAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
        => RefreshAsync(progress, _lockTimeout, cancellationToken);

    /// <summary>
    /// <see cref="RefreshAsync(IProgress{IndexProgress}?, CancellationToken)"/> waiting at most <paramref name="lockTimeout"/>
    /// for another process's indexing instead of the index's own timeout: a host that has just fetched may rather leave
    /// the refresh to the next query than keep its user waiting, with nothing to show, behind another process (a query
    /// passes zero: it would rather load its chains than wait).
    /// </summary>
    /// <param name="progress">Receives progress while a large file is indexed, or null.</param>
    /// <param name="lockTimeout">How long to wait for another process's indexing: zero not at all, <see cref="Timeout.InfiniteTimeSpan"/> until cancelled.</param>
    /// <param name="cancellationToken">Cancels waiting and indexing (the chain in progress is rolled back).</param>
    /// <returns>What was done, chain by chain.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lockTimeout"/> is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    /// <exception cref="FederationIndexException">As <see cref="RefreshAsync(IProgress{IndexProgress}?, CancellationToken)"/> says; <see cref="FederationErrorKind.Conflict"/> once another process held the lock for <paramref name="lockTimeout"/>.</exception>
    public async ValueTask<IndexRefreshResult> RefreshAsync(IProgress<IndexProgress>? progress, TimeSpan lockTimeout, CancellationToken cancellationToken = default)
    {
        if (lockTimeout < TimeSpan.Zero && lockTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(lockTimeout), lockTimeout, "The lock timeout is zero or more, or Timeout.InfiniteTimeSpan.");
        }

        try
        {
            // Every query asks first whether the index is current: with each remote's tip read from its ref alone (no
            // object looked up), or from the registry snapshot the index keeps while its files are unchanged (no git
            // opened). Only when that says no are the tips resolved properly, for the writer.
            var local = await FindLocalTargetAsync(cancellationToken).ConfigureAwait(false);
            if (File.Exists(DatabasePath) && await TryBeginCurrentReadAsync(local, cancellationToken).ConfigureAwait(false) is { } read)
            {
                using (read)
                {
                    var chains = (local is null ? [] : new[] { local.Uri }).Concat(read.Registry.Remotes.Select(r => r.Chain));
                    return new IndexRefreshResult(chains.Select(c => new ChainRefresh(c, false, 0, 0, null, null)).ToList());
                }
            }

            return await RefreshStaleAsync(progress, lockTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (IndexDatabase.IsNotAnIndex(exception))
        {
            return await RebuildDamagedAsync(exception, progress, lockTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An index SQLite finds damaged past its first statement (a page torn or overwritten by a disk or a copy) is a cache
    /// to build again, as a file that is no database at all is: the call that met the damage rebuilds it (beside the live
    /// file, copied in under the writer's lock, so readers never find no file) and goes on. When this process cannot do
    /// that (it may not write the index, or the rebuild meets damage too), the damage is the typed failure that says what
    /// to do. Two processes that meet it at once may each rebuild it: the second rebuild is wasted, not harmful.
    /// </summary>
    private async ValueTask<IndexRefreshResult> RebuildDamagedAsync(SqliteException damage, IProgress<IndexProgress>? progress, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        IndexRefreshResult rebuilt;
        try
        {
            SqliteConnection.ClearAllPools(); // no pooled connection keeps pages of the damaged file
            rebuilt = await WriteStaleAsync(progress, lockTimeout, rebuild: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SqliteException or FederationIndexException { CannotWrite: true })
        {
            throw IndexDatabase.Damaged(damage, DatabasePath, exception);
        }

        return rebuilt with
        {
            Replaced = $"The federation index {DatabasePath} was damaged ({damage.Message.TrimEnd('.')}) and was built again from the chains. Nothing was lost (the index is a cache).",
        };
    }

    /// <summary>
    /// For a query: <see cref="RefreshAsync(IProgress{IndexProgress}?, TimeSpan, CancellationToken)"/>, and when the index
    /// was current already, the read transaction that found it so, for the query's reader. The reader then reads the very
    /// state judged current, and a fresh process opens the file and lists the remotes once, not twice (each is a few
    /// tenths of a millisecond of a one-unit <c>gtfed show</c>). Null when the index had to be brought up to date.
    /// </summary>
    internal async ValueTask<IndexRead?> RefreshForReadAsync(TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var local = await FindLocalTargetAsync(cancellationToken).ConfigureAwait(false);
        if (File.Exists(DatabasePath) && await TryBeginCurrentReadAsync(local, cancellationToken).ConfigureAwait(false) is { } read)
        {
            return read;
        }

        try
        {
            await RefreshStaleAsync(null, lockTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (IndexDatabase.IsNotAnIndex(exception))
        {
            // Damage the refresh met (a query's own reads that meet it decline, and the query loads its chains).
            await RebuildDamagedAsync(exception, null, lockTimeout, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    // The index was not current by the tips as their refs name them: the tips resolved properly, and what changed indexed.
    // A file SQLite cannot write is a typed failure naming it (IndexDatabase.WriteFailure), not an SqliteException.
    private async ValueTask<IndexRefreshResult> RefreshStaleAsync(IProgress<IndexProgress>? progress, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteStaleAsync(progress, lockTimeout, rebuild: false, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (IndexDatabase.WriteFailure(exception, DatabasePath) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// For a query that has no other way to answer (a list or search page, the change feed): brings the index up to date
    /// and returns null; or, when that failed only because this process may not write the index (its file, folder or
    /// lock: <see cref="FederationIndexException.CannotWrite"/>, e.g. a town shared read-only with a web server's account)
    /// while an index file of this version is there and reads, returns why and which chains may still answer, for the
    /// answer read from the index as it is to say it may be stale. Anything else (the lock held too long, a full disk, a
    /// cancellation, no file or one that does not read) is thrown as before.
    /// </summary>
    private async ValueTask<StaleRead?> RefreshOrReadStaleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(null, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (FederationIndexException failure) when (failure.CannotWrite)
        {
            if (!ReadsAsItIs())
            {
                throw;
            }

            // A remote removed since the index was last written still has its rows there (the refresh that would forget
            // them is what failed): they are left out, since a remote is often removed because its content was unwanted.
            return new StaleRead(
                $"{failure.Message} This answer is the index as it was last written, and may miss what changed since.",
                [.. RegisteredRemotes().Select(r => r.Chain.ToString())]);
        }
    }

    // Why an answer is read from the index as it is, and the chains it may name: the local town's and those of the
    // remotes registered now.
    private sealed record StaleRead(string Reason, HashSet<string> RegisteredChains)
    {
        // The SQL condition on the chains row `c` that keeps those chains; $v is the parameter that takes ChainsJson.
        public const string ChainFilter = "(c.is_local <> 0 OR c.uri IN (SELECT value FROM json_each($v)))";

        // RegisteredChains as a JSON array of strings, for SQLite's json_each.
        public string ChainsJson
        {
            get
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartArray();
                    foreach (var chain in RegisteredChains)
                    {
                        writer.WriteStringValue(chain);
                    }

                    writer.WriteEndArray();
                }

                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        public bool Keeps(IndexedChain chain) => chain.IsLocal || RegisteredChains.Contains(chain.Uri.ToString());
    }

    // Whether the index file exists and opens for reading as an index of this version (not another SDK's, not garbage).
    private bool ReadsAsItIs()
    {
        if (!File.Exists(DatabasePath))
        {
            return false;
        }

        try
        {
            using var connection = OpenReader(asItIs: true);
            return IndexSchema.ReadVersion(connection) == IndexSchema.CurrentVersion;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private async ValueTask<IndexRefreshResult> WriteStaleAsync(IProgress<IndexProgress>? progress, TimeSpan lockTimeout, bool rebuild, CancellationToken cancellationToken)
    {
        var targets = await FindTargetsAsync(cancellationToken).ConfigureAwait(false);
        if (!rebuild && File.Exists(DatabasePath) && IsCurrent(targets))
        {
            // A tip the peek could not read as the index holds it (a first tracking ref that names no commit): resolved,
            // it is current after all, and no lock is taken.
            return new IndexRefreshResult(targets.Select(t => new ChainRefresh(t.Uri, false, 0, 0, null, null)).ToList());
        }

        using var writeLock = await IndexWriteLock.AcquireAsync(LockPath, lockTimeout, cancellationToken).ConfigureAwait(false);
        if (rebuild && LiveIndexPageSize() is { } pageSize)
        {
            return await RebuildBesideAsync(targets, pageSize, progress, cancellationToken).ConfigureAwait(false);
        }

        if (rebuild)
        {
            DeleteForRebuild();
        }

        using var connection = OpenWriter(out var replaced);
        var results = await IndexTargetsAsync(connection, targets, progress, cancellationToken).ConfigureAwait(false);
        return new IndexRefreshResult(results) { Replaced = replaced };
    }

    // Indexes what changed of each target into the writer's connection, forgets the chains no longer known and judges the
    // delegated portions whose children changed: the whole of a refresh once the file is open, and of a rebuild's new file.
    private async ValueTask<List<ChainRefresh>> IndexTargetsAsync(SqliteConnection connection, IReadOnlyList<ChainTarget> targets, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var known = ReadRevisions(connection);
        var results = new List<ChainRefresh>();
        var indexer = new ChainIndexer(connection, _townRoot, _registry, _limits, progress, _time);
        foreach (var target in targets)
        {
            if (known.TryGetValue(target.Uri.ToString(), out var stored) && IsCurrent(target, stored, connection, withEvents: false))
            {
                // The local town's event log changes far more often than its work: only the log is read (its appended lines).
                var eventsChanged = target.IsLocal && !LocalEventsCurrent(stored, connection, null);
                if (eventsChanged)
                {
                    indexer.IndexLocalEvents(stored.Id, cancellationToken);
                }

                results.Add(new ChainRefresh(target.Uri, eventsChanged, 0, stored.Units, null, null));
                continue;
            }

            results.Add(await indexer.IndexAsync(target, cancellationToken).ConfigureAwait(false));
        }

        Interlocked.Add(ref _oldRowsRead, indexer.OldRowsRead);

        // Chains no longer known (a removed remote) leave the index; so does the row a first index left 'pending' (it was
        // cancelled, or its process died) for a remote removed since, which ReadRevisions does not list: kept, queries
        // would still name its chain among the index's.
        var names = targets.Select(t => t.Uri.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in ChainUris(connection).Where(k => !names.Contains(k)))
        {
            DeleteChain(connection, gone);
        }

        // The names whose last rows this refresh deleted.
        ActorIds.ForgetUnused(connection);

        // Delegated portions whose children or claims changed in this refresh (queued by each chain's own transaction).
        Interlocked.Add(ref _parentsJudged, DelegationCascade.Run(connection, _time, cancellationToken));

        return results;
    }

    // A rebuild of a file that is an index: built from nothing in a file of its own beside it, then copied over the live
    // file's pages by SQLite's backup API, in one write transaction. A reader in another process keeps reading the old
    // index until that commits, and the new one after; deleting the live file instead, as a rebuild of a file that is not
    // an index still does, failed such a reader ('unable to open database file', a reader that opened it just before).
    private async ValueTask<IndexRefreshResult> RebuildBesideAsync(IReadOnlyList<ChainTarget> targets, int pageSize, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var beside = DatabasePath + ".rebuild";
        try
        {
            // What a rebuild that did not finish left (its process killed).
            DeleteFiles(beside);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new FederationIndexException(FederationErrorKind.RemoteFailure,
                $"The file {beside}, where a rebuild builds the new index, cannot be deleted by this process ({exception.Message.TrimEnd('.')}), so the index was not rebuilt. Delete it, or make it and its folder writable for this user.",
                exception);
        }

        try
        {
            List<ChainRefresh> results;
            // The live file's page size: the backup API cannot change the page size of a file in WAL mode.
            using (var building = CreateIndexFile(beside, pageSize))
            {
                results = await IndexTargetsAsync(building, targets, progress, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                using var live = IndexDatabase.Open(DatabasePath, readOnly: false);
                building.BackupDatabase(live);
            }

            return new IndexRefreshResult(results);
        }
        finally
        {
            try
            {
                DeleteFiles(beside);
            }
            catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
            {
                // Left for the next rebuild to delete; the rebuild's own outcome (or failure) is what this call reports.
            }
        }
    }

    // The page size of the file at DatabasePath when it is an index (of this version or an older one, which a reader of an
    // older SDK may be reading); null when there is no file, or it is not a readable index (damaged, another application's
    // database, a newer SDK's), which a rebuild deletes: no reader can be reading it as an index of this version.
    private int? LiveIndexPageSize()
    {
        if (!File.Exists(DatabasePath))
        {
            return null;
        }

        try
        {
            using var connection = IndexDatabase.Open(DatabasePath, readOnly: true);
            if (IndexSchema.ReadVersion(connection) is < 1 or > IndexSchema.CurrentVersion)
            {
                return null;
            }

            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>
    /// Indexes every chain from scratch. A file that is an index is rebuilt beside itself and copied in by one write
    /// transaction, so readers in other processes read the old index until then, never a missing or partial one (this
    /// needs free disk for a second index meanwhile); any other file there is deleted and built again.
    /// </summary>
    /// <param name="progress">Receives progress while a large file is indexed, or null.</param>
    /// <param name="cancellationToken">Cancels indexing.</param>
    /// <returns>What was done, chain by chain.</returns>
    public async ValueTask<IndexRefreshResult> RebuildAsync(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            // Under one hold of the writer's lock: the new index built beside the file and copied in, or (a file that is no
            // index) the files deleted and built again; released in between, another process's reader found no file.
            return await WriteStaleAsync(progress, _lockTimeout, rebuild: true, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (IndexDatabase.WriteFailure(exception, DatabasePath) is { } failure)
        {
            throw failure;
        }
    }

    // Deletes the index's files, under the writer's lock, for a rebuild.
    private void DeleteForRebuild()
    {
        try
        {
            DeleteFiles();
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            if (IndexDatabase.FolderAmongFiles(DatabasePath) is { } folder)
            {
                throw IndexDatabase.FolderInThePlaceOf(folder, exception);
            }

            throw new FederationIndexException(FederationErrorKind.RemoteFailure,
                $"The federation index {DatabasePath} cannot be deleted by this process ({exception.Message.TrimEnd('.')}), so it was not rebuilt. Make its folder and files writable for this user.",
                exception);
        }
    }

    /// <summary>The state of every indexed chain, after bringing the index up to date.</summary>
    /// <param name="cancellationToken">Cancels the refresh and the read.</param>
    /// <returns>The chains, ordered by URI.</returns>
    public ValueTask<IReadOnlyList<IndexedChain>> GetChainsAsync(CancellationToken cancellationToken = default)
        => CancellableAsync(() => ReadChainsAsync(cancellationToken), cancellationToken);

    private async ValueTask<IReadOnlyList<IndexedChain>> ReadChainsAsync(CancellationToken cancellationToken)
    {
        // Never from an index this process cannot write (RefreshOrReadStaleAsync): a list of chains has no place to say
        // it may be stale, and each chain's state would read as current.
        await RefreshAsync(null, cancellationToken).ConfigureAwait(false);
        using var connection = await OpenReaderAfterRefreshAsync(asItIs: false, cancellationToken).ConfigureAwait(false);
        using var interrupt = IndexDatabase.InterruptOn(connection, cancellationToken);
        return ReadChains(connection, null);
    }

    /// <summary>One page of work units, from the index, ordered by URI, with their exact upstream lines.</summary>
    /// <param name="query">The chain, filters and page.</param>
    /// <param name="cancellationToken">Cancels the refresh and the read.</param>
    /// <returns>
    /// The page, its continuation token, and the chains in scope that could not answer; read from the index as it is, with
    /// <see cref="IndexPage.Stale"/> saying why, when this process may not write the index to bring it up to date.
    /// </returns>
    /// <exception cref="FederationIndexException">No such remote (<see cref="FederationErrorKind.NotFound"/>), or a bad limit or token (<see cref="FederationErrorKind.InvalidInput"/>); the index could not be brought up to date and was not read as it is (as <see cref="RefreshAsync(IProgress{IndexProgress}?, CancellationToken)"/> says).</exception>
    public ValueTask<IndexPage> ListAsync(IndexQuery query, CancellationToken cancellationToken = default)
        => CancellableAsync(() => PageAsync(query, null, cancellationToken), cancellationToken);

    /// <summary>
    /// Full-text search over titles, descriptions, notes and comments of every indexed chain (SQLite FTS5; every word must
    /// occur, a trailing <c>*</c> matches a prefix; a word is a run of letters and digits, as the <c>unicode61</c> tokenizer
    /// reads it), with the filters and paging of <see cref="ListAsync"/>. Operators are not supported: a word read as one
    /// (<c>-word</c>; <c>AND</c>, <c>OR</c>, <c>NOT</c>, <c>NEAR</c> in capitals; <c>name:word</c>) is bad input, not one
    /// more word to find.
    /// </summary>
    /// <param name="text">The words to find.</param>
    /// <param name="query">The chain, filters and page.</param>
    /// <param name="cancellationToken">Cancels the refresh and the read.</param>
    /// <returns>
    /// The page of matching work units, in the full-text index's row order (stable from page to page; not by relevance,
    /// which would mean ranking every match of the words before the first page could be answered). Read from the index as
    /// it is, with <see cref="IndexPage.Stale"/> saying why, when this process may not write the index to bring it up to date.
    /// </returns>
    /// <exception cref="FederationIndexException">
    /// No words (no letter or digit), a word read as an operator, more than 32 different words, a word over 256 characters
    /// or a text over 16,384, no such remote, or a bad limit or token; the index could not be brought up to date and was not read as it is (as
    /// <see cref="RefreshAsync(IProgress{IndexProgress}?, CancellationToken)"/> says).
    /// </exception>
    public ValueTask<IndexPage> SearchAsync(string text, IndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = SearchText.ToFtsMatch(text, out var problem);
        return match is null
            ? throw new FederationIndexException(FederationErrorKind.InvalidInput, problem!)
            : CancellableAsync(() => PageAsync(query, match, cancellationToken), cancellationToken);
    }

    /// <summary>One work unit by its URI, from the index, with its exact upstream line; null when no indexed chain has it.</summary>
    /// <param name="uri">A work-unit URI (<c>gt://entity/chain/[rig/]id</c>).</param>
    /// <param name="cancellationToken">Cancels the refresh and the read.</param>
    /// <returns>The work unit, or null.</returns>
    public ValueTask<WorkUnitSummary?> ShowAsync(GtUri uri, CancellationToken cancellationToken = default)
        => CancellableAsync(() => FindAsync(uri, cancellationToken), cancellationToken);

    private async ValueTask<WorkUnitSummary?> FindAsync(GtUri uri, CancellationToken cancellationToken)
    {
        if (uri.IsDefault || uri.Kind != GtUriKind.WorkUnit)
        {
            throw new FederationIndexException(FederationErrorKind.InvalidInput, $"'{uri}' is not a work-unit URI (gt://entity/chain/[rig/]id).");
        }

        // As GetChainsAsync: a unit alone has no place to say it may be stale (FederationQueries' show loads its chain instead).
        await RefreshAsync(null, cancellationToken).ConfigureAwait(false);
        using var connection = await OpenReaderAfterRefreshAsync(asItIs: false, cancellationToken).ConfigureAwait(false);
        using var interrupt = IndexDatabase.InterruptOn(connection, cancellationToken);
        using var transaction = connection.BeginTransaction();
        var sql = uri.Rig is null
            ? "u.chain_id = (SELECT id FROM chains WHERE uri = $p0) AND u.unit_id = $p1 ORDER BY +u.uri LIMIT 1" // by the unique key, its rows sorted
            : "u.chain_id = (SELECT id FROM chains WHERE uri = $p0) AND u.uri = $p1 LIMIT 1"; // units_chain_uri: a URI names its chain
        var rows = ReadRows(connection, transaction, sql, [uri.ChainUri.ToString(), uri.Rig is null ? uri.WorkId : uri.ToString()]);
        var items = Build(rows, LineHash.For(connection, transaction));
        return items.Count == 0 ? null : items[0];
    }

    /// <summary>
    /// What re-indexing found changed (units created, closed, whose status changed, removed; and delegated portions that
    /// became complete or stopped being complete, under the parent's chain), newest first in the order the index saw them:
    /// <see cref="IndexChange.At"/> is when a refresh saw the change, not when the unit was written, and the changes one
    /// refresh sees (a fetch's worth) share it. The first indexing of a chain records nothing: its units are not news.
    /// </summary>
    /// <param name="since">
    /// The <see cref="IndexChangePage.Resume"/> token of an earlier answer, or null for every change kept. A token from an
    /// index file since rebuilt reads as null, and the answer says so (<see cref="IndexChangePage.Restarted"/>).
    /// </param>
    /// <param name="limit">
    /// The most changes to return, 1 to 10,000: the newest ones. When more happened after <paramref name="since"/>, the
    /// older are left out (<see cref="IndexChangePage.Truncated"/>) and the page's <see cref="IndexChangePage.Resume"/>
    /// resumes after the newest, so they are never returned from it: a client that must see every change asks again with
    /// the same <paramref name="since"/> and a larger limit before using <see cref="IndexChangePage.Resume"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the refresh and the read.</param>
    /// <returns>
    /// The changes and the token to resume from; read from the index as it is, with <see cref="IndexChangePage.Stale"/>
    /// saying why, when this process may not write the index to bring it up to date.
    /// </returns>
    /// <exception cref="FederationIndexException">A bad limit or token (<see cref="FederationErrorKind.InvalidInput"/>); the index could not be brought up to date and was not read as it is (as <see cref="RefreshAsync(IProgress{IndexProgress}?, CancellationToken)"/> says).</exception>
    public ValueTask<IndexChangePage> GetChangesAsync(string? since = null, int limit = 100, CancellationToken cancellationToken = default)
        => CancellableAsync(() => ReadChangesAsync(since, limit, cancellationToken), cancellationToken);

    private async ValueTask<IndexChangePage> ReadChangesAsync(string? since, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > IndexQuery.MaxLimit)
        {
            throw new FederationIndexException(FederationErrorKind.InvalidInput, $"The limit must be between 1 and {IndexQuery.MaxLimit}; it is {limit}.");
        }

        // A resume token is "epoch.seq" (one of an SDK before the epoch is a bare "seq", taken in the current file's count);
        // an older page's is "epoch.seq.before.top": the changes after seq and before before, in a window whose newest is top.
        string? tokenEpoch = null;
        long after = 0;
        long? before = null;
        long top = 0;
        if (since is not null)
        {
            var position = PageToken.Decode('c', since, "the change feed", "pass the resume token an earlier read of the feed returned, or none for the newest changes");
            var parts = position.Split('.');
            if (parts.Length is 2 or 4)
            {
                tokenEpoch = parts[0];
            }

            var bad = parts.Length is not (1 or 2 or 4) || (tokenEpoch is not null && !IsFeedEpoch(tokenEpoch))
                || !long.TryParse(parts[parts.Length is 1 ? 0 : 1], NumberStyles.None, CultureInfo.InvariantCulture, out after);
            if (!bad && parts.Length == 4)
            {
                bad = !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var end) | !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out top)
                    || end <= after || top < end;
                before = end;
            }

            if (bad)
            {
                throw new FederationIndexException(FederationErrorKind.InvalidInput, $"{MessageText.Quote(since)} is not a change token of the index.");
            }
        }

        var stale = await RefreshOrReadStaleAsync(cancellationToken).ConfigureAwait(false);
        using var connection = await OpenReaderAfterRefreshAsync(asItIs: stale is not null, cancellationToken).ConfigureAwait(false);
        using var interrupt = IndexDatabase.InterruptOn(connection, cancellationToken);
        using var transaction = connection.BeginTransaction();
        var epoch = FeedEpoch(connection, transaction);

        // Another file's token, or one past everything this file ever counted (AUTOINCREMENT never counts back: a token
        // of an SDK before the epoch, or of a copy of the file restored since): every change this file kept.
        var counted = Convert.ToInt64(IndexDatabase.Scalar(connection, transaction, "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'changes'") ?? 0L, CultureInfo.InvariantCulture);
        var restarted = (tokenEpoch is not null && !string.Equals(tokenEpoch, epoch, StringComparison.Ordinal)) || after > counted;
        if (restarted)
        {
            after = 0;
            before = null;
        }

        var items = new List<IndexChange>();
        var seqs = new List<long>();
        using (var command = IndexDatabase.Command(connection, transaction, $"""
            SELECT x.seq, c.uri, x.uri, x.kind, x.old_status, x.new_status, x.title, x.at, x.portion, x.caused_by FROM changes x JOIN chains c ON c.id = x.chain_id
            WHERE x.seq > $p0 AND x.seq < $p3 {(stale is null ? "" : "AND " + StaleRead.ChainFilter.Replace("$v", "$p2", StringComparison.Ordinal))} ORDER BY x.seq DESC LIMIT $p1
            """, after, limit + 1, stale?.ChainsJson ?? "[]", before ?? long.MaxValue))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                seqs.Add(reader.GetInt64(0));
                items.Add(new IndexChange(
                    FeedToken(epoch, reader.GetInt64(0)),
                    GtUri.Parse(reader.GetString(1)),
                    GtUri.Parse(reader.GetString(2)),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    StoredTime(reader.GetString(7)))
                {
                    Portion = reader.IsDBNull(8) ? null : reader.GetString(8),
                    CausedBy = reader.IsDBNull(9) ? null : GtUri.Parse(reader.GetString(9)),
                });
            }
        }

        var newest = Convert.ToInt64(IndexDatabase.Scalar(connection, transaction, "SELECT coalesce(max(seq), 0) FROM changes") ?? 0L, CultureInfo.InvariantCulture);
        var truncated = items.Count > limit;
        if (truncated)
        {
            items.RemoveAt(items.Count - 1);
        }

        // An older page resumes where the window's first page does (its newest): what followed that, this read does not hold.
        var resume = before is null ? Math.Max(newest, after) : top;
        // In the same read as the changes: the chains that could not add theirs, as a list's page says them.
        var inScope = ChainsInScope(connection, transaction, null, stale);
        return new IndexChangePage(items, FeedToken(epoch, resume), truncated)
        {
            Older = truncated ? PageToken.Encode('c', string.Create(CultureInfo.InvariantCulture, $"{epoch}.{after}.{seqs[items.Count - 1]}.{resume}")) : null,
            Restarted = restarted,
            Stale = stale?.Reason,
            Chains = inScope,
            Unavailable = [.. inScope.Where(c => !c.IsAvailable)],
            FromOlderSnapshots = [.. inScope.Where(c => c.AnsweredFrom is not null)],
        };
    }

    // A read its caller cancelled ends as that cancellation (IndexDatabase.InterruptOn stops its statement), not as the
    // error SQLite answers the interrupt with. One that met a damaged page rebuilds the index (RebuildDamagedAsync) and
    // reads once more; damage met again is a typed failure that says so. The read has no place to say the file was built
    // again, as a read that builds a deleted one has none.
    private async ValueTask<T> CancellableAsync<T>(Func<ValueTask<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (SqliteException exception) when (IndexDatabase.Cancelled(exception, cancellationToken) is { } cancelled)
        {
            throw cancelled;
        }
        catch (SqliteException exception) when (IndexDatabase.IsNotAnIndex(exception))
        {
            await RebuildDamagedAsync(exception, null, _lockTimeout, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (SqliteException exception) when (IndexDatabase.Cancelled(exception, cancellationToken) is { } cancelled)
        {
            throw cancelled;
        }
        catch (SqliteException exception) when (IndexDatabase.IsNotAnIndex(exception))
        {
            throw IndexDatabase.Damaged(exception, DatabasePath);
        }
    }

    private static string FeedToken(string epoch, long seq) => PageToken.Encode('c', epoch + "." + seq.ToString(CultureInfo.InvariantCulture));

    // As schema 19 makes it: 16 lowercase hexadecimal digits.
    private static bool IsFeedEpoch(string text) => text.Length == 16 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// This file's epoch (<see cref="IndexSchema.FeedEpochKey"/>): what a position counted in this file (a change's
    /// sequence number, a search's row) is counted in. A rebuilt file has another, so an old position is never taken for one of its own.
    /// </summary>
    private string FeedEpoch(SqliteConnection connection, SqliteTransaction transaction)
        => IndexDatabase.Scalar(connection, transaction, "SELECT value FROM meta WHERE key = $p0", IndexSchema.FeedEpochKey) is string stored && IsFeedEpoch(stored)
            ? stored
            : throw new FederationIndexException(FederationErrorKind.RemoteFailure, $"The index file {DatabasePath} has no change feed epoch (it was edited by hand?); rebuild it (FederationIndex.RebuildAsync), or delete it: the index is a cache.");

    private async ValueTask<IndexPage> PageAsync(IndexQuery query, string? match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > IndexQuery.MaxLimit)
        {
            throw new FederationIndexException(FederationErrorKind.InvalidInput, $"The limit must be between 1 and {IndexQuery.MaxLimit}; it is {query.Limit}.");
        }

        // bd's priorities are 0 to 4, as the writer enforces: another value matches nothing, so say so instead of an empty page.
        if (query.Priority is < 0 or > TownWriter.MaxPriority)
        {
            throw new FederationIndexException(FederationErrorKind.InvalidInput, $"The priority filter must be between 0 (highest) and {TownWriter.MaxPriority}; it is {query.Priority}.");
        }

        // A list pages by URI; a search by the full-text index's own row order, which FTS5 yields as it finds matches, so
        // a page of a search costs what its rows cost, not what every match of a common word in the federation costs.
        var token = match is null ? 'u' : 's';
        var chain = ResolveChain(query.Remote);
        // The query's own fingerprint: a token from a list of another remote, filter or search is refused. The remote is
        // the chain it resolves to, so a page asked for by the remote's name continues one asked for by its URI; the search
        // is its words in lower case, as the full-text index (unicode61) folds them, so "Target" continues "target".
        var scope = ListFingerprint.Of(chain, query.Status?.ToString(), query.IssueType?.ToString(), query.Assignee,
            query.Priority?.ToString(CultureInfo.InvariantCulture), match?.ToLowerInvariant());
        var after = query.After is null ? null : PageToken.DecodeForQuery(token, scope, query.After, match is null ? "a list" : "a search");

        // A search's position is a row of the full-text index, counted in one file (EPOCH.ROW): a rebuilt file numbers its
        // rows afresh, so a position from the old one would skip or repeat matches without a word.
        string? afterEpoch = null;
        if (match is not null && after is not null)
        {
            var dot = after.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || !IsFeedEpoch(afterEpoch = after[..dot]) || !long.TryParse(after.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new FederationIndexException(FederationErrorKind.InvalidInput, $"{MessageText.Quote(query.After ?? string.Empty)} is not a continuation token of the index for a search; pass the 'next' value of the previous page, or none for the first page.");
            }

            after = after[(dot + 1)..];
        }

        var stale = await RefreshOrReadStaleAsync(cancellationToken).ConfigureAwait(false);
        using var connection = await OpenReaderAfterRefreshAsync(asItIs: stale is not null, cancellationToken).ConfigureAwait(false);
        using var interrupt = IndexDatabase.InterruptOn(connection, cancellationToken);

        // One read transaction: the rows and the chain states come from the same committed state, never a torn one.
        using var transaction = connection.BeginTransaction();
        var epoch = match is null ? null : FeedEpoch(connection, transaction);
        if (afterEpoch is not null && !string.Equals(afterEpoch, epoch, StringComparison.Ordinal))
        {
            throw new FederationIndexException(FederationErrorKind.InvalidInput,
                $"{MessageText.Quote(query.After ?? string.Empty)} continues a search of an index file since rebuilt (or deleted): its positions do not continue in this one. Search again from the first page (no 'after').");
        }

        var where = new StringBuilder("c.state = 'available'");
        var values = new List<object?>();
        void Add(string clause, object? value)
        {
            where.Append(" AND ").Append(clause.Replace("$v", "$p" + values.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            values.Add(value);
        }

        if (chain is not null)
        {
            Add("c.uri = $v", chain);
        }

        if (stale is not null)
        {
            Add(StaleRead.ChainFilter, stale.ChainsJson);
        }

        if (query.Status is { } status)
        {
            Add("u.status = $v", status.Value);
        }

        if (query.IssueType is { } type)
        {
            Add("u.issue_type = $v", type.Value);
        }

        if (query.Assignee is not null)
        {
            Add("u.assignee = $v", query.Assignee);
        }

        if (query.Priority is { } priority)
        {
            Add("u.priority = $v", priority);
        }

        if (match is null)
        {
            if (after is not null)
            {
                Add("u.uri > $v", after);
            }

            where.Append(" ORDER BY u.uri");
        }
        else
        {
            Add("units_fts MATCH $v", match);
            if (after is not null)
            {
                Add("units_fts.rowid > $v", long.Parse(after, NumberStyles.None, CultureInfo.InvariantCulture));
            }

            where.Append(" ORDER BY units_fts.rowid");
        }

        where.Append(" LIMIT ").Append((query.Limit + 1).ToString(CultureInfo.InvariantCulture));
        var from = match is null ? null : "units_fts JOIN units u ON u.id = units_fts.rowid";
        var rows = ReadRows(connection, transaction, where.ToString(), [.. values], from);
        var inScope = ChainsInScope(connection, transaction, chain, stale);
        var unavailable = inScope.Where(c => !c.IsAvailable).ToList();
        var next = rows.Count <= query.Limit ? null
            : match is null ? PageToken.EncodeForQuery('u', scope, rows[query.Limit - 1].Uri)
            : PageToken.EncodeForQuery('s', scope, epoch + "." + rows[query.Limit - 1].RowId.ToString(CultureInfo.InvariantCulture));
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new IndexPage(Build(rows, LineHash.For(connection, transaction)), next, unavailable)
        {
            Chains = inScope,
            FromOlderSnapshots = [.. inScope.Where(c => c.AnsweredFrom is not null)],
            Stale = stale?.Reason,
        };
    }

    // The chains an answer covers (one chain, or all; of a stale read, those it keeps), read in the answer's transaction:
    // a page says which of them could not answer and which answer from an older snapshot.
    private List<IndexedChain> ChainsInScope(SqliteConnection connection, SqliteTransaction transaction, string? chain, StaleRead? stale)
        => [.. ReadChains(connection, transaction).Where(c => (chain is null || c.Uri.ToString() == chain) && (stale is null || stale.Keeps(c)))];

    // Each answer is parsed from the exact line it was indexed from, checked as it was read back: by its frame's checksum
    // when it has one, else against the hash stored beside it (LineHash, under the file's key). A checksum proves the frame
    // is whole, not that it is this row's, so the line must also hold exactly the unit the row's URI names.
    internal List<WorkUnitSummary> Build(List<UnitRow> rows, LineHash lineHash)
    {
        Interlocked.Add(ref _linesParsedForAnswers, rows.Count);
        var items = new List<WorkUnitSummary>(rows.Count);
        foreach (var row in rows)
        {
            if (!row.LineChecked && lineHash.Of(row.Line) != row.Hash)
            {
                throw Damaged(row, "does not match its hash");
            }

            var uri = GtUri.Parse(row.Uri);
            var document = WorkUnitDocument.Parse(row.Line);
            if (document.WorkUnits.Count != 1 || !uri.WorkIdSpan.SequenceEqual(document.WorkUnits[0].Id))
            {
                throw Damaged(row, "is not the line of that work unit");
            }

            items.Add(new WorkUnitSummary(uri, row.Rig, document.WorkUnits[0], row.Line));
        }

        return items;
    }

    private FederationIndexException Damaged(UnitRow row, string what) => new(FederationErrorKind.RemoteFailure,
        $"The index file {DatabasePath} is damaged (the line of {row.Uri} {what}); rebuild it (FederationIndex.RebuildAsync) or delete it.");

    private static List<UnitRow> ReadRows(SqliteConnection connection, SqliteTransaction transaction, string where, object?[] values, string? from = null)
    {
        var rows = new List<UnitRow>();
        using var command = IndexDatabase.Command(connection, transaction, $"""
            SELECT u.uri, u.rig, u.line, u.hash, u.id
            FROM {from ?? "units u"} JOIN chains c ON c.id = u.chain_id
            WHERE {where}
            """, values);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(UnitRow.Read(reader) with { RowId = reader.GetInt64(4) });
        }

        return rows;
    }

    private List<IndexedChain> ReadChains(SqliteConnection connection, SqliteTransaction? transaction)
    {
        // What the chains' files hold that no query can see, as a load says it (ChainState.Notes): the content notices (the
        // lines left out, diagnostics omitted), then each problem (kind NULL), as IndexQueryReader orders them.
        var notesOf = new Dictionary<long, (List<string> Notices, List<string> Problems)>();
        using (var notes = IndexDatabase.Command(connection, transaction, "SELECT chain_id, text, kind IS NULL FROM chain_notes ORDER BY chain_id, kind IS NULL, seq"))
        using (var noteRows = notes.ExecuteReader())
        {
            while (noteRows.Read())
            {
                var chainId = noteRows.GetInt64(0);
                if (!notesOf.TryGetValue(chainId, out var stored))
                {
                    notesOf[chainId] = stored = ([], []);
                }

                // At most MaxNotes in all are kept (ChainNotes.Write keeps up to MaxDiagnostics problems a chain).
                (noteRows.GetInt64(2) != 0 ? stored.Problems : stored.Notices).Add(noteRows.GetString(1));
            }
        }

        // As ChainStates.Indexed gives them: the message (an older snapshot's notice), the identity notice, the content
        // notices, then problems while there is room.
        List<string> NotesOf(long chainId, GtUri uri, string? identity, string? message)
        {
            var said = new List<string>();
            if (Enum.TryParse<ChainIdentityStatus>(identity, out var status) && ChainNotices.ForIdentity(uri, status) is { } unverified)
            {
                said.Add(unverified.Message);
            }

            if (notesOf.TryGetValue(chainId, out var stored))
            {
                said.AddRange(stored.Notices);
                said.AddRange(stored.Problems.Take(Math.Max(0, ChainStates.MaxNotes - said.Count - (message is null ? 0 : 1))));
            }

            return said;
        }

        // How far each available remote's rows are proven, by the rule a query answered from the index judges it with
        // (IndexQueryReader.ProofOfRows), against the keys kept now, read once: a search or the feed said "Verified" and
        // no proof where a list of the same chain said it is named only.
        Dictionary<string, RegisteredRemote>? remotes = null;
        TrustedKeysSnapshot? keys = null;
        IdentityProof? ProofOf(GtUri uri, string remote, string? revision, string? answeredFrom, string? tipCheck)
        {
            remotes ??= RegisteredRemotes().ToDictionary(r => r.Name, StringComparer.Ordinal);
            if ((answeredFrom ?? revision) is not { } rowsOf || !remotes.TryGetValue(remote, out var registered) || registered.Chain != uri)
            {
                return null;
            }

            keys ??= new TrustedKeyStore(_registry.Repository).ReadAll();
            return IndexQueryReader.ProofOfRows(_registry.Repository, registered, rowsOf, tipCheck, keys.Get(uri.Entity), _limits.MaxBlobBytes).Proof;
        }

        var chains = new List<IndexedChain>();
        using var command = IndexDatabase.Command(connection, transaction,
            "SELECT uri, remote, is_local, revision, units, bytes, dropped, identity, indexed_at, fetched_at, state, reason, message, answered_from, id, tip_check FROM chains ORDER BY uri");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var available = reader.GetString(10) == "available";
            var uri = GtUri.Parse(reader.GetString(0));
            var answeredFrom = available && !reader.IsDBNull(13) ? reader.GetString(13) : null;
            chains.Add(new IndexedChain(
                uri,
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2) != 0,
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                reader.GetInt64(6),
                available && !reader.IsDBNull(7) ? reader.GetString(7) : null,
                reader.IsDBNull(8) ? null : StoredTime(reader.GetString(8)),
                reader.IsDBNull(9) ? null : StoredTime(reader.GetString(9)),
                available ? null : Enum.TryParse<ChainUnavailableReason>(reader.IsDBNull(11) ? null : reader.GetString(11), out var reason) ? reason : ChainUnavailableReason.Unreadable,
                reader.IsDBNull(12) ? null : reader.GetString(12))
            {
                AnsweredFrom = answeredFrom,
                Notes = available ? NotesOf(reader.GetInt64(14), uri, reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(12) ? null : reader.GetString(12)) : [],
                Proof = available && reader.GetInt64(2) == 0 && !reader.IsDBNull(1)
                    ? ProofOf(uri, reader.GetString(1), reader.IsDBNull(3) ? null : reader.GetString(3), answeredFrom, reader.IsDBNull(15) ? null : reader.GetString(15))
                    : null,
            });
        }

        return chains;
    }

    private string? ResolveChain(string? remote)
    {
        if (remote is null)
        {
            return null;
        }

        if (_registry.TryGet(remote, out var registered))
        {
            return registered.Chain.ToString();
        }

        if (GtUri.TryParse(remote, out var uri) && uri.Kind == GtUriKind.Chain)
        {
            return uri.ToString();
        }

        throw new FederationIndexException(FederationErrorKind.NotFound, RemoteNameMessage.NotRegistered(remote, [.. _registry.List().Select(r => r.Name)]));
    }

    // The registered remotes, none without a federation repository: listing them never creates one (a read from an index
    // this process cannot write must write nothing, and may be unable to).
    private IReadOnlyList<RegisteredRemote> RegisteredRemotes() => _registry.Repository.Exists ? _registry.List() : [];

    // Every chain to index and its revision now: a remote's tip resolved properly (its commit looked up), for the writer.
    private async ValueTask<List<ChainTarget>> FindTargetsAsync(CancellationToken cancellationToken)
    {
        var targets = new List<ChainTarget>();
        if (await FindLocalTargetAsync(cancellationToken).ConfigureAwait(false) is { } local)
        {
            targets.Add(local);
        }

        var remotes = RegisteredRemotes();
        if (remotes.Count == 0)
        {
            return targets;
        }

        var refs = _registry.Repository.Use(repo => remotes.Select(r => (Tip: TrackingRefs.ResolveTipOrPeek(repo, r), Verified: TrackingRefs.ReadVerified(repo, r.Name))).ToList());
        var keys = new TrustedKeyStore(_registry.Repository).ReadAll();
        for (var i = 0; i < remotes.Count; i++)
        {
            targets.Add(new ChainTarget(remotes[i].Chain, remotes[i], refs[i].Tip) { Verified = refs[i].Verified, Keys = keys.StateOf(remotes[i].Chain.Entity) });
        }

        return targets;
    }

    // The local town's chain, or null when the town has no nameable chain (its remotes are still indexed).
    private async ValueTask<ChainTarget?> FindLocalTargetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await TownMetadata.LoadAsync(_townRoot, cancellationToken).ConfigureAwait(false);
            if (metadata.TryGetChain(out var chain, out _))
            {
                return new ChainTarget(chain, null, LocalRevision());
            }
        }
        catch (Exception ex) when (ex is IOException or ChainException or TownMetadataException or FormatException or ArgumentException)
        {
            // A town without a nameable chain has no local chain to index.
        }

        return null;
    }

    // The local town's small files: a change to any of them re-reads the chain's skeleton (the issues files have their own stamps).
    private string LocalRevision()
    {
        var stamps = new[] { TownMetadata.RelativePath, TownMetadata.SeedRelativePath, RouteTable.RelativePath, RelationshipDocument.RelativePath }
            .Select(p => LocalStamp.Of(_townFolder, p));
        return "local:" + string.Join('|', stamps);
    }

    private bool IsCurrent(List<ChainTarget> targets)
    {
        using var read = TryBeginCurrentRead((_, _) => (targets, RegistrySnapshot.None));
        return read is not null;
    }

    /// <summary>
    /// For a query: a read transaction of the index begun and left open when the index holds the local town and every
    /// remote as they are now, with the registry as that check read it. The registry is the snapshot the index keeps when
    /// the files it came from are unchanged (no git opened: <see cref="RegistrySnapshot"/>), else read through git, and
    /// kept for the next query when the index was current and nothing else holds its write lock.
    /// </summary>
    private async ValueTask<IndexRead?> TryBeginCurrentReadAsync(ChainTarget? local, CancellationToken cancellationToken)
    {
        RegistrySnapshot? fresh = null;
        var read = TryBeginCurrentRead((connection, transaction) =>
        {
            var registry = KeptRegistry.TryReuse(connection, transaction, _registry.Repository)
                ?? (fresh = _registry.Repository.Exists ? RegistrySnapshot.Read(_registry) : RegistrySnapshot.None);

            var targets = new List<ChainTarget>();
            if (local is not null)
            {
                targets.Add(local);
            }

            targets.AddRange(registry.Remotes.Select(r => new ChainTarget(r.Chain, r, registry.Tips.GetValueOrDefault(r.Name))
            {
                Verified = registry.Verified.GetValueOrDefault(r.Name),
                Keys = registry.Keys.StateOf(r.Chain.Entity),
            }));
            return (targets, registry);
        });

        if (read is not null && fresh is { IsReusable: true })
        {
            try
            {
                await KeptRegistry.KeepAsync(DatabasePath, LockPath, _registry.Repository, fresh, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                read.Dispose();
                throw;
            }
        }

        return read;
    }

    /// <summary>
    /// A read transaction of the index, begun and left open when the index holds exactly the targets
    /// <paramref name="find"/> gives (asked within the transaction) as they are now; null (and nothing left open) when it
    /// does not, or is not an index of this version.
    /// </summary>
    private IndexRead? TryBeginCurrentRead(Func<SqliteConnection, SqliteTransaction, (List<ChainTarget> Targets, RegistrySnapshot Registry)> find)
    {
        SqliteConnection? connection = null;
        SqliteTransaction? transaction = null;
        try
        {
            connection = OpenReader();
            if (IndexSchema.ReadVersion(connection) != IndexSchema.CurrentVersion)
            {
                // An older file is migrated by the writer, a newer or foreign one rebuilt: either way, not current.
                return null;
            }

            transaction = connection.BeginTransaction();
            if (IndexDatabase.Scalar(connection, transaction, "SELECT 1 FROM cascade_pending LIMIT 1") is not null)
            {
                // Parents a refresh queued and did not judge (its process died first): the writer judges them.
                return null;
            }

            if (IndexDatabase.Scalar(connection, transaction, "SELECT 1 FROM chains WHERE state = 'pending' LIMIT 1") is not null)
            {
                // A first index under way, or one that never finished (cancelled, its process died): the writer indexes the
                // chain, or forgets its row when its remote is gone (the revisions compared below leave such rows out).
                return null;
            }

            var (targets, registry) = find(connection, transaction);
            var known = ReadRevisions(connection, transaction);
            if (known.Count != targets.Count
                || !targets.All(t => known.TryGetValue(t.Uri.ToString(), out var stored) && IsCurrent(t, stored, connection, transaction)))
            {
                return null;
            }

            var read = new IndexRead(connection, transaction, registry);
            (connection, transaction) = (null, null); // the read owns them now
            return read;
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            // A reader waits for no index writer (WAL): another program holds the whole file (exclusive locking mode), and
            // the writer would wait for it again. Said now; a federated query then loads its chains.
            throw IndexDatabase.WriteFailure(exception, DatabasePath)!;
        }
        catch (SqliteException)
        {
            // Not an index yet (or from another version): the writer creates or migrates it.
            return null;
        }
        finally
        {
            // Whatever the way out (not current, not an index, a damaged row that throws something else), nothing is left
            // open unless it was handed over.
            transaction?.Dispose();
            connection?.Dispose();
        }
    }

    private bool IsCurrent(ChainTarget target, StoredChain stored, SqliteConnection connection, SqliteTransaction? transaction = null, bool withEvents = true)
    {
        // The remote's name, and the rig a one-rig repository's units are named under (it may be registered again under
        // another rig name, or as a whole town, with the same tip: the same tree then names every unit differently).
        if (!string.Equals(target.Revision, stored.Revision, StringComparison.Ordinal) || !string.Equals(target.Remote?.Name, stored.Remote, StringComparison.Ordinal)
            || !string.Equals(target.Remote?.Rig, stored.SingleRig, StringComparison.Ordinal))
        {
            return false;
        }

        if (ChainIndexer.NothingFetched(target) is var (reason, message))
        {
            // No tip: the same state and words, or a fetch since (failed, or done with no branch to read) changed the answer.
            return string.Equals(stored.Reason, reason.ToString(), StringComparison.Ordinal) && string.Equals(stored.Message, message, StringComparison.Ordinal);
        }

        if (!target.IsLocal)
        {
            // A remote answered from an older snapshot while its tip is refused: while that snapshot is still its verified
            // commit, and the keys its tip was judged by are still those kept (a key forgotten may accept the tip, one
            // learnt may refuse it for its signature).
            if (stored.AnsweredFrom is not null
                && (!string.Equals(target.Verified, stored.AnsweredFrom, StringComparison.Ordinal) || !string.Equals(target.Keys, stored.RefusedKeys, StringComparison.Ordinal)))
            {
                return false;
            }

            // A commit's tree never changes: same tip, same answer (available or not); except a snapshot refused within
            // smaller limits than this process's (a stricter host sharing the town's index): indexed again here, within
            // these, it may pass, where it would otherwise stay refused and every query here load it. Only roomier limits
            // do so, never merely other ones, so two hosts never index it in turn.
            return stored.RefusalLimits is not { } refused || !ChainNotes.IsRoomierThan(_limits, refused);
        }

        if (!stored.Available)
        {
            // A local failure may be fixed in an issues file the stamps above do not cover: try again.
            return false;
        }

        using (var command = IndexDatabase.Command(connection, transaction, "SELECT path, stamp FROM files WHERE chain_id = $p0", stored.Id))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!string.Equals(LocalStamp.Of(_townFolder, reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1), StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return !withEvents || LocalEventsCurrent(stored, connection, transaction);
    }

    // The local town's event log against the stamp its rows were read at (no row, or no log then and one now: not current).
    private bool LocalEventsCurrent(StoredChain stored, SqliteConnection connection, SqliteTransaction? transaction)
    {
        var stamp = LocalStamp.Of(_townFolder, Provenance.EventLogPaths.EventsFileName);
        using var command = IndexDatabase.Command(connection, transaction, "SELECT stamp FROM event_logs WHERE chain_id = $p0", stored.Id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }

        var indexed = reader.IsDBNull(0) ? null : reader.GetString(0);
        return stamp == LocalStamp.Missing ? indexed is null : string.Equals(stamp, indexed, StringComparison.Ordinal);
    }

    private static Dictionary<string, StoredChain> ReadRevisions(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        var known = new Dictionary<string, StoredChain>(StringComparer.Ordinal);
        // The limits a refused tip was refused within: an unavailable chain's, or one answered from an older snapshot.
        using var command = IndexDatabase.Command(connection, transaction,
            "SELECT id, uri, revision, remote, state, units, single_rig, CASE WHEN state = 'available' THEN refused_limits ELSE notes_limits END, answered_from, refused_keys, reason, message FROM chains WHERE state <> 'pending'");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var available = reader.GetString(4) == "available";
            known[reader.GetString(1)] = new StoredChain(reader.GetInt64(0), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), available,
                reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                available && !reader.IsDBNull(8) ? reader.GetString(8) : null, reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11));
        }

        return known;
    }

    // Every chain row's URI, whatever its state.
    private static List<string> ChainUris(SqliteConnection connection)
    {
        var uris = new List<string>();
        using var command = IndexDatabase.Command(connection, null, "SELECT uri FROM chains");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            uris.Add(reader.GetString(0));
        }

        return uris;
    }

    private static void DeleteChain(SqliteConnection connection, string uri)
    {
        using var transaction = connection.BeginTransaction();
        var id = IndexDatabase.Scalar(connection, transaction, "SELECT id FROM chains WHERE uri = $p0", uri);
        if (id is long chainId)
        {
            DelegationClaims.Forget(connection, transaction, chainId, uri);
        }

        ChainRows.Forget(connection, transaction, id);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM unseen_units WHERE chain_id = $p0", id);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM changes WHERE chain_id = $p0", id);
        IndexDatabase.Execute(connection, transaction, "DELETE FROM chains WHERE id = $p0", id);

        transaction.Commit();
    }

    // The writer's connection; replaced says why the file found there was deleted and built again (null when it was used).
    private SqliteConnection OpenWriter(out string? replaced)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = IndexDatabase.Open(DatabasePath, readOnly: false);

            // Only an index (or a new file) is put in WAL mode: that is written into the file, and a link may lead to
            // another application's database, which is replaced below and must be left as it was.
            var version = IndexSchema.ReadVersion(connection);
            if (version <= IndexSchema.CurrentVersion)
            {
                IndexDatabase.UseWal(connection);
                if (IndexSchema.Migrate(connection))
                {
                    ActorIds.NoteDeletedActors(connection);
                    replaced = null;
                    return connection;
                }
            }

            replaced = version == int.MaxValue
                ? "it was a database of another application (no index schema in it)"
                : $"it was written by a newer version of the SDK (index schema {version}; this one writes {IndexSchema.CurrentVersion})";
        }
        catch (SqliteException exception) when (IndexDatabase.IsNotAnIndex(exception))
        {
            // SQLite fails on the first statement, before Migrate can say the file is foreign. Rebuilt as a foreign file is.
            replaced = $"it was not a readable database (damaged, truncated or overwritten: {exception.Message.TrimEnd('.')})";
        }

        // A file from a newer SDK, or not an index at all: it is only a cache, so start again, and say so (a host that
        // shares the town with a newer SDK sees why each rebuilds it).
        replaced = $"The federation index {DatabasePath} was deleted and built again from the chains: {replaced}. Nothing was lost (the index is a cache).";
        connection?.Dispose();
        DeleteFiles();
        return CreateIndexFile(DatabasePath, IndexDatabase.NewFilePageSize);
    }

    // A writer's connection to a new, empty index at path: WAL with pages of pageSize, the schema of this version.
    private static SqliteConnection CreateIndexFile(string path, int pageSize)
    {
        var connection = IndexDatabase.Open(path, readOnly: false);
        IndexDatabase.UseWal(connection, pageSize);
        IndexSchema.Migrate(connection);
        ActorIds.NoteDeletedActors(connection);
        return connection;
    }

    // The index writes every time as "O"; the exact parse is the cheap one (the general parser builds its culture tables
    // on first use, which a fresh gtfed process would pay on every query).
    private static DateTimeOffset StoredTime(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>
    /// The reader of a call that has just brought the index up to date. Readers take no lock, so another process may have
    /// deleted the file since (a rebuild or refresh that found it no index; a rebuild of an index copies the new one in
    /// instead) and be building it again under the writer's lock (no file yet, or one whose schema is not all there: each
    /// migration step commits its own version): the index is then brought up to date once more, which waits for that
    /// lock, so for that process, and opened again.
    /// </summary>
    private async ValueTask<SqliteConnection> OpenReaderAfterRefreshAsync(bool asItIs, CancellationToken cancellationToken)
    {
        if (asItIs)
        {
            return OpenReader(asItIs);
        }

        SqliteConnection? connection = null;
        try
        {
            connection = OpenReader();
            if (IndexSchema.ReadVersion(connection) == IndexSchema.CurrentVersion)
            {
                return connection;
            }
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_CANTOPEN && !File.Exists(DatabasePath))
        {
            // No file: deleted by that rebuild (a folder or a file that will not open is the refresh's to say, below).
        }

        connection?.Dispose();
        await RefreshAsync(null, cancellationToken).ConfigureAwait(false);
        return OpenReader();
    }

    // asItIs: for an answer read from an index this process may not write (RefreshOrReadStaleAsync), which may sit on a
    // read-only mount.
    private SqliteConnection OpenReader(bool asItIs = false) => asItIs ? IndexDatabase.OpenAsItIs(DatabasePath) : IndexDatabase.Open(DatabasePath, readOnly: true);

    /// <summary>A read-only connection to the index file, for <see cref="IndexQueryReader"/>.</summary>
    internal SqliteConnection OpenReaderConnection() => OpenReader();

    private void DeleteFiles() => DeleteFiles(DatabasePath);

    private static void DeleteFiles(string databasePath)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    private sealed record StoredChain(long Id, string? Revision, string? Remote, bool Available, long Units, string? SingleRig, string? RefusalLimits,
        string? AnsweredFrom, string? RefusedKeys, string? Reason, string? Message);
}
