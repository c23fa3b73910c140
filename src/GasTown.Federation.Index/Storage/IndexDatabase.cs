using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GasTown.Federation.Index;

/// <summary>
/// Opens <c>index.db</c>: WAL journal (readers never wait for the writer; <see cref="UseWal"/>), foreign writers queued by
/// <see cref="IndexWriteLock"/>, the schema created or migrated on first open by a writer.
/// </summary>
internal static class IndexDatabase
{
    /// <summary>
    /// How long a connection waits for SQLite's lock held by another (its <c>busy_timeout</c>). In WAL mode a reader never
    /// waits for a writer, and writers are queued by <see cref="IndexWriteLock"/>: what is left is a moment's hold (a log
    /// recovered after a crash, or checkpointed by the last connection closing it) or another program holding the file
    /// itself (a sqlite3 shell's write transaction, or its <c>PRAGMA locking_mode = EXCLUSIVE</c>, which keeps readers out
    /// too). Waiting long for that program helps no one: at 30 s a statement, with Microsoft.Data.Sqlite's retries, a query
    /// waited 91 s before it loaded its chains. It is said at once instead (<see cref="WriteFailure"/>), or the query loads.
    /// </summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The page size of a new index file, in bytes (<see cref="UseWal"/> says why).</summary>
    public const int NewFilePageSize = 2048;

    /// <summary>Opens a connection; pooling is off so that deleting the file (a rebuild) never meets a cached handle.</summary>
    public static SqliteConnection Open(string path, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement for this long on top of busy_timeout: the same wait, not twice.
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();

        // busy_timeout: a connection that meets a moment's hold (BusyTimeout says which) waits instead of failing.
        // A writer's journal mode is set by UseWal, once the file is known to be an index: it is written into the file.
        var milliseconds = (int)BusyTimeout.TotalMilliseconds;
        pragma.CommandText = readOnly
            ? $"PRAGMA busy_timeout = {milliseconds};"
            : $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {milliseconds}; PRAGMA temp_store = MEMORY;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Puts a writer's file in WAL mode (readers never wait for the writer). WAL is a setting of the file, kept in its
    /// header: call it only on an index or a new file, never on a file found to be another application's database (a link
    /// to one is replaced, not converted). <paramref name="pageSize"/> takes effect on a new file only.
    /// </summary>
    public static void UseWal(SqliteConnection connection, int pageSize = NewFilePageSize)
    {
        // page_size: a new file's pages are 2 KiB (an existing file keeps its own), set before WAL writes the header. Every
        // table and index takes at least a page, and a small town's index is mostly such B-trees: at 1 x 1k 2 KiB pages
        // make it 12% smaller than 4 KiB ones, and at 1 x 100k 3% larger (benchmarks/README.md).
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA page_size = {pageSize}; PRAGMA journal_mode = WAL;";
        pragma.ExecuteNonQuery();
    }

    /// <summary>
    /// Opens the file for reading as it is, for an answer that says it may be stale because this process may not write
    /// the index: as <see cref="Open"/> does, or, where SQLite cannot open the write-ahead log beside it (a read-only mount
    /// where the log and its index file are not there and cannot be made), as an immutable file (<c>immutable=1</c>: no
    /// locks, no log), which a file on a read-only mount is. A writer checkpoints its log into the file as it closes.
    /// </summary>
    public static SqliteConnection OpenAsItIs(string path)
    {
        var connection = Open(path, readOnly: true);
        try
        {
            using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM sqlite_schema";
            probe.ExecuteScalar();
            return connection;
        }
        catch (SqliteException exception)
        {
            connection.Dispose();

            // Only on a read-only mount: a file a writer elsewhere may still change (a folder this user may merely not
            // write) read as immutable could give torn rows while that writer checkpoints.
            if (exception.SqliteErrorCode is not (raw.SQLITE_CANTOPEN or raw.SQLITE_READONLY) || !WriteProbe.OnReadOnlyMount(path))
            {
                throw;
            }
        }

        var immutable = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = new Uri(Path.GetFullPath(path)).AbsoluteUri + "?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        immutable.Open();
        return immutable;
    }

    /// <summary>Runs a statement with parameters given in order as <c>$p0</c>, <c>$p1</c>, ….</summary>
    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Command(connection, transaction, sql, values);
        return command.ExecuteNonQuery();
    }

    /// <summary>A command with parameters given in order as <c>$p0</c>, <c>$p1</c>, ….</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>One scalar value.</summary>
    public static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] values)
    {
        using var command = Command(connection, transaction, sql, values);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Stops the statement running on <paramref name="connection"/> when <paramref name="cancellationToken"/> is cancelled
    /// (SQLite's <c>sqlite3_interrupt</c>: the statement fails with <c>SQLITE_INTERRUPT</c>, which
    /// <see cref="Cancelled"/> turns into the cancellation), so that one long statement (a search of a common word over
    /// millions of rows, a feed read) does not outlive the caller's wish. Dispose the registration before the connection:
    /// disposing it waits for a callback under way, and interrupting a closed connection is undefined.
    /// </summary>
    public static CancellationTokenRegistration InterruptOn(SqliteConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return cancellationToken.Register(static state => raw.sqlite3_interrupt((sqlite3)state!), connection.Handle);
    }

    /// <summary>
    /// The cancellation <paramref name="exception"/> stands for: SQLite's answer to <see cref="InterruptOn"/>'s interrupt
    /// once <paramref name="cancellationToken"/> is cancelled; null for anything else.
    /// </summary>
    public static OperationCanceledException? Cancelled(Exception exception, CancellationToken cancellationToken)
        => exception is SqliteException { SqliteErrorCode: raw.SQLITE_INTERRUPT } && cancellationToken.IsCancellationRequested
            ? new OperationCanceledException("The read of the federation index was cancelled.", exception, cancellationToken)
            : null;

    /// <summary>
    /// Whether <paramref name="exception"/> says the file is not a database at all (overwritten, truncated to garbage) or
    /// one whose schema does not read: a cache to rebuild, not a failure to report.
    /// </summary>
    public static bool IsNotAnIndex(SqliteException exception) => exception.SqliteErrorCode is raw.SQLITE_NOTADB or raw.SQLITE_CORRUPT;

    /// <summary>
    /// What a read or a refresh says when SQLite finds <paramref name="path"/> damaged past its first statement (a page
    /// overwritten or torn by a disk or a copy): a typed failure that names the file and what to do, where the bare
    /// <see cref="SqliteException"/> read as a bug. A writer that meets it on opening rebuilds the file (a cache).
    /// </summary>
    public static FederationIndexException Damaged(SqliteException exception, string path) => new(
        FederationErrorKind.RemoteFailure,
        $"The federation index {path} is damaged ({exception.Message.TrimEnd('.')}), so it could not be read. Rebuild it, or delete it and its -wal and -shm files: the index is a cache, built again from the chains, and nothing is lost.",
        exception);

    /// <summary>
    /// <see cref="Damaged(SqliteException, string)"/> when the rebuild it called for failed too (<paramref name="rebuild"/>:
    /// this process may not write the index, or the rebuild met damage or another failure), which the message adds.
    /// </summary>
    public static FederationIndexException Damaged(SqliteException exception, string path, Exception rebuild) => new(
        FederationErrorKind.RemoteFailure,
        $"The federation index {path} is damaged ({exception.Message.TrimEnd('.')}), so it could not be read, and it could not be built again here ({rebuild.Message.TrimEnd('.')}). Rebuild it, or delete it and its -wal and -shm files: the index is a cache, built again from the chains, and nothing is lost.",
        new AggregateException(exception, rebuild));

    /// <summary>
    /// What a writer says when SQLite cannot write <paramref name="path"/> (a file or folder this user may not write, a
    /// read-only or full disk, a disk error): a typed failure that names the file and what to do, where the bare
    /// <see cref="SqliteException"/> read as a bug (<see cref="FederationIndexException.CannotWrite"/> when this user may not
    /// write it, as <see cref="WriteProbe"/> finds: SQLite says CANTOPEN for too many open files or no inodes too, which
    /// are not that). Null for any other failure.
    /// </summary>
    public static FederationIndexException? WriteFailure(Exception exception, string path) => exception switch
    {
        // No permission can fix a folder where the file, its log or the log's index should be (SQLite says CANTOPEN, an I/O
        // error for the log, READONLY for its index), nor can free space: say what is there.
        SqliteException { SqliteErrorCode: raw.SQLITE_CANTOPEN or raw.SQLITE_IOERR or raw.SQLITE_READONLY } when FolderAmongFiles(path) is { } folder => FolderInThePlaceOf(folder, exception),
        // Nor can any permission fix a link that leads nowhere (its folder missing, a loop): say where it leads.
        SqliteException { SqliteErrorCode: raw.SQLITE_CANTOPEN } when BrokenLinkTarget(path) is { } target => new FederationIndexException(
            FederationErrorKind.RemoteFailure,
            $"The federation index {path} is a symbolic link to {target}, which cannot be opened or created (its folder is missing, or the link leads in a loop), so the index could not be read or written. Point the link at a folder that exists, or delete the link; the index is then built again (it is a cache).",
            exception),
        SqliteException { SqliteErrorCode: raw.SQLITE_READONLY or raw.SQLITE_CANTOPEN or raw.SQLITE_PERM } sqlite => new FederationIndexException(
            FederationErrorKind.RemoteFailure,
            $"The federation index {path} cannot be written by this process ({sqlite.Message.TrimEnd('.')}), so it could not be brought up to date. Make its folder and files writable for this user; deleting them loses nothing (the index is a cache).",
            exception) { CannotWrite = WriteProbe.Refused(path) },
        // Readers wait for no index writer and writers are queued by the index's lock, so whoever holds SQLite's own lock on
        // the file is not an index process: another program on it directly (a sqlite3 shell, a backup tool), for longer
        // than the busy timeout above.
        SqliteException { SqliteErrorCode: raw.SQLITE_BUSY or raw.SQLITE_LOCKED } sqlite => new FederationIndexException(
            FederationErrorKind.Conflict,
            $"The federation index {path} is held by another program, through SQLite's lock on the file itself rather than the index's own (a write transaction, or exclusive locking mode: a sqlite3 shell, a backup tool?), and it was not let go while this process waited ({sqlite.Message.TrimEnd('.')}); the index was not read or updated. End that program's transaction or close it, then try again.",
            exception),
        // Not SQLite's out-of-memory read as an I/O error: no disk is at fault.
        SqliteException { SqliteErrorCode: raw.SQLITE_FULL or raw.SQLITE_IOERR } sqlite when sqlite.SqliteExtendedErrorCode != raw.SQLITE_IOERR_NOMEM => new FederationIndexException(
            FederationErrorKind.RemoteFailure,
            $"The federation index {path} could not be written ({sqlite.Message.TrimEnd('.')}); nothing of this update was kept. Free space on its disk or check the disk, then try again.",
            exception),
        _ => null,
    };

    // Where the link at path leads when it leads nowhere usable (the folder of its final target missing, or a loop); null
    // when path is no link, or its target's folder exists (then the failure is something else: permissions, a full disk).
    private static string? BrokenLinkTarget(string path)
    {
        var link = new FileInfo(path);
        if (link.LinkTarget is not { } target)
        {
            return null;
        }

        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true) is { } final && Directory.Exists(Path.GetDirectoryName(final.FullName)) ? null : target;
        }
        catch (IOException)
        {
            return target; // too many links: a loop
        }
    }

    /// <summary>
    /// The first of the index's own files (<paramref name="path"/>, its <c>-wal</c> log, the log's <c>-shm</c> index) that
    /// is a folder, or null: SQLite cannot open it, and File.Delete cannot delete it.
    /// </summary>
    public static string? FolderAmongFiles(string path)
        => new[] { path, path + "-wal", path + "-shm" }.FirstOrDefault(Directory.Exists);

    /// <summary>The failure for a folder found where the index file <paramref name="path"/> (or its log) should be.</summary>
    public static FederationIndexException FolderInThePlaceOf(string path, Exception? exception = null) => new(
        FederationErrorKind.RemoteFailure,
        $"The federation index {path} is a folder, where the index's file should be, so the index could not be read or written. Move or delete that folder; the index is then built again (it is a cache).",
        exception);
}
